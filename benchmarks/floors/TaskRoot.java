// coldstart.sh --task-root: starts a main class the way Lambda's Java runtime loads a function's code.
// Lambda unpacks a .zip or .jar deployment package into its task root (/var/task) and reads the classes
// through a URLClassLoader of its own over that directory, then the task root's lib/*.jar and
// /opt/java/lib/*.jar (layers), the jars in name order, with the runtime's own class path as parent; the
// handler then runs with that loader as its thread's context class loader. A shaded jar is therefore read
// as thousands of class files, not as a jar. This launcher builds the same loader over TASK_ROOT (layers
// left out: the artifact uses none) and calls MAIN_CLASS's main with the remaining arguments.
//
//   java <flags> -cp <launcher dir>[:runtime jars] TaskRoot TASK_ROOT MAIN_CLASS [ARGS...]
//
// bootstrap-lambda's ShadedJarIT runs the unpacked artifact through it as a source file
// (java TaskRoot.java TASK_ROOT ...), so that the artifact is checked as Lambda loads it.
//
// Compiled with -XDstringConcat=inline and written without lambdas, so that it bootstraps nothing itself;
// it costs a reflective call and a few classes more than a plain -cp start.
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class TaskRoot {
    private TaskRoot() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: TaskRoot TASK_ROOT MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        File root = new File(args[0]).getAbsoluteFile();
        if (!root.isDirectory()) {
            System.err.println("TaskRoot: " + root + " is not a directory");
            System.exit(2);
        }
        List<URL> urls = new ArrayList<>();
        urls.add(root.toURI().toURL());   // a directory's URI ends in "/": read as a directory
        File lib = new File(root, "lib");
        String[] names = lib.list();
        if (names != null) {
            Arrays.sort(names);
            for (String name : names) {
                if (name.endsWith(".jar")) {
                    urls.add(new File(lib, name).toURI().toURL());
                }
            }
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Method main = Class.forName(args[1], true, loader).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.bootstrap.lambda.StreamHandler;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The function Terraform deploys runs the code Maven builds: handler class and artifact path. */
class LambdaFunctionContractTest {
    private final Terraform root = Terraform.root();
    private final Terraform lambda = Terraform.module("lambda");

    /** The handler Terraform deploys: the root's argument to the lambda module if any, else the module's default. */
    private String deployedHandler() {
        assertEquals("${var.handler}", lambda.resource("aws_lambda_function", "this").path("handler").asText());
        JsonNode passed = root.moduleCall("lambda").get("handler");
        if (passed == null) {
            return lambda.variableDefault("handler").asText();
        }
        String value = passed.asText();
        if (value.startsWith("${var.") && value.endsWith("}")) {
            return root.variableDefault(value.substring("${var.".length(), value.length() - 1)).asText();
        }
        return value;
    }

    @Test
    void theRootLetsUsersChooseTheHandlerAndAcceptsWhatTheModuleAccepts() {
        assertEquals("${var.lambda_handler}", root.moduleCall("lambda").path("handler").asText(),
                "the README tells users to set lambda_handler at the root");
        assertEquals(lambda.variableDefault("handler").asText(), root.variableDefault("lambda_handler").asText());
        assertEquals(lambda.variable("handler").path("validation").get(0).path("condition").asText()
                        .replace("var.handler", "VAR"),
                root.variable("lambda_handler").path("validation").get(0).path("condition").asText()
                        .replace("var.lambda_handler", "VAR"));
    }

    @Test
    void handlerNamesARequestHandlerClassWithHandleRequest() throws Exception {
        String handler = deployedHandler();
        String[] parts = handler.split("::", -1);
        String className = parts[0];
        String methodName = parts.length > 1 ? parts[1] : "handleRequest";

        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("Terraform's handler " + handler + " names a class the code does not have", e);
        }

        boolean requestHandler = RequestHandler.class.isAssignableFrom(type);
        boolean streamHandler = RequestStreamHandler.class.isAssignableFrom(type);
        assertTrue(requestHandler || streamHandler,
                className + " implements neither RequestHandler nor RequestStreamHandler");
        assertTrue(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()),
                className + " must be a public concrete class Lambda can instantiate");
        type.getConstructor();
        assertEquals("handleRequest", methodName, "Lambda calls the interface's method");
        int arity = streamHandler ? 3 : 2;
        List<Method> methods = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(methodName) && m.getParameterCount() == arity && !m.isBridge())
                .toList();
        assertEquals(1, methods.size(), () -> className + " has no single public " + methodName + " with " + arity + " parameters");
    }

    @Test
    void functionRunsJava21WithTheArtifactAndItsHash() {
        JsonNode function = lambda.resource("aws_lambda_function", "this");

        assertEquals("java21", function.path("runtime").asText());
        assertEquals("${var.artifact_path}", function.path("filename").asText());
        assertEquals("${filebase64sha256(var.artifact_path)}", function.path("source_code_hash").asText());
        assertEquals(true, function.path("publish").asBoolean(false), "the alias needs published versions");
    }

    @Test
    void artifactPathIsTheJarTheShadePluginBuilds() throws Exception {
        Path repository = Repository.root();
        // Terraform: the root resolves a relative lambda_artifact_path against path.module (deploy/terraform).
        assertEquals("${local.artifact_path}", root.moduleCall("lambda").path("artifact_path").asText());
        assertTrue(root.local("artifact_path").asText().contains("\"${path.module}/${var.lambda_artifact_path}\""),
                () -> "artifact_path must resolve relative paths against path.module: " + root.local("artifact_path"));
        Path terraformPath = Repository.terraform().resolve(root.variableDefault("lambda_artifact_path").asText()).normalize();

        assertEquals(repository.resolve(shadedJarOfBootstrapLambda()).normalize(), terraformPath);
    }

    @Test
    void builtArtifactHoldsTheHandlerClass() throws Exception {
        Path classes = Path.of(StreamHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isRegularFile(classes),
                "bootstrap-lambda is not packaged in this build (classes come from " + classes + ")");
        Path jar = Repository.root().resolve(shadedJarOfBootstrapLambda());
        assertTrue(Files.isRegularFile(jar), () -> "bootstrap-lambda is packaged but " + jar + " is missing");

        String entry = deployedHandler().split("::")[0].replace('.', '/') + ".class";
        try (JarFile file = new JarFile(jar.toFile())) {
            assertNotNull(file.getEntry(entry), () -> jar + " has no " + entry);
        }
    }

    /**
     * bootstrap-lambda/pom.xml: the shade execution's outputFile, with the module's properties and
     * ${project.build.directory} (target) substituted, relative to the repository root.
     */
    private static Path shadedJarOfBootstrapLambda() throws Exception {
        Path pom = Repository.root().resolve("bootstrap-lambda/pom.xml");
        Document document;
        try (InputStream in = Files.newInputStream(pom)) {
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        String outputFile = null;
        NodeList plugins = document.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (text(plugin, "artifactId").equals("maven-shade-plugin")) {
                NodeList outputs = plugin.getElementsByTagName("outputFile");
                assertEquals(1, outputs.getLength(), "the shade plugin must name one outputFile");
                outputFile = outputs.item(0).getTextContent().trim();
            }
        }
        assertNotNull(outputFile, "bootstrap-lambda/pom.xml has no maven-shade-plugin");
        NodeList properties = document.getElementsByTagName("properties");
        for (int round = 0; round < 5 && outputFile.contains("${"); round++) {
            for (int i = 0; i < properties.getLength(); i++) {
                for (org.w3c.dom.Node p = properties.item(i).getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p instanceof Element property) {
                        outputFile = outputFile.replace("${" + property.getTagName() + "}", property.getTextContent().trim());
                    }
                }
            }
            outputFile = outputFile.replace("${project.build.directory}", "target")
                    .replace("${project.basedir}", ".").replace("${basedir}", ".");
        }
        assertFalse(outputFile.contains("${"), "cannot resolve the shaded jar's path " + outputFile);
        return Path.of("bootstrap-lambda").resolve(outputFile).normalize();
    }

    private static String text(Element parent, String child) {
        NodeList list = parent.getElementsByTagName(child);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent().trim();
    }

}

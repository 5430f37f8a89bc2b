package dev.eddy.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;

/**
 * The production classes of every Eddy module, imported once.
 *
 * <p>Under {@code mvn verify} sibling modules arrive as jars, so jars are imported (never
 * {@code DoNotIncludeJars}). Test classes are left out: this module's own fixtures live in
 * {@code target/test-classes}, and a module's {@code -tests.jar} holds test code only.
 */
final class ProductionClasses {

    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    /** Leaves out a module's test-jar (such as the application's in-memory fakes). */
    static final ImportOption DO_NOT_INCLUDE_TEST_JARS = location -> !location.matches(TEST_JAR);

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .withImportOption(DO_NOT_INCLUDE_TEST_JARS)
            .importPackages("dev.eddy");

    private ProductionClasses() {
    }

    static JavaClasses get() {
        return CLASSES;
    }
}

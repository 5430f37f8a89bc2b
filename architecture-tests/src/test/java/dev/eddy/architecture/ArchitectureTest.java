package dev.eddy.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.Location;
import dev.eddy.domain.archfixture.DomainClassUsingJackson;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The rules of {@link EddyRules} over the production classes of every module. */
class ArchitectureTest {

    private final JavaClasses classes = ProductionClasses.get();

    @ParameterizedTest
    @FieldSource("dev.eddy.architecture.EddyModules#ROOT_PACKAGES")
    void importHoldsClassesOfEveryModule(String rootPackage) {
        assertTrue(classes.containPackage(rootPackage),
                "no production classes of " + rootPackage + " were imported; is its module a dependency of architecture-tests?");
        assertFalse(classes.getPackage(rootPackage).getClassesInPackageTree().isEmpty(),
                "the package tree of " + rootPackage + " holds no classes");
    }

    @Test
    void everyImportedClassBelongsToAListedModule() {
        List<String> unlisted = classes.stream()
                .map(JavaClass::getPackageName)
                .filter(packageName -> EddyModules.ROOT_PACKAGES.stream()
                        .noneMatch(root -> packageName.equals(root) || packageName.startsWith(root + ".")))
                .distinct()
                .sorted()
                .collect(Collectors.toList());
        assertEquals(List.of(), unlisted,
                "add the root package of each new module to EddyModules.ROOT_PACKAGES, so an empty import of it fails");
    }

    @Test
    void importLeavesOutTestClassesAndRuleFixtures() {
        assertNotNull(getClass().getClassLoader().getResource(
                DomainClassUsingJackson.class.getName().replace('.', '/') + ".class"),
                "the fixtures must be on the test class path for this check to mean anything");
        List<String> testClasses = classes.stream()
                .map(JavaClass::getName)
                .filter(name -> name.contains(".archfixture.") || name.startsWith("dev.eddy.architecture."))
                .collect(Collectors.toList());
        assertEquals(List.of(), testClasses);
    }

    @Test
    void testJarsAreLeftOutButModuleJarsAreNot() {
        String repository = "jar:file:/home/dev/.m2/repository/dev/eddy/eddy-application/0.1.0-SNAPSHOT/";
        String reactor = "jar:file:/home/dev/eddy/application/target/";
        String entry = "!/dev/eddy/application/fakes/InMemoryLedger.class";
        assertFalse(ProductionClasses.DO_NOT_INCLUDE_TEST_JARS.includes(
                Location.of(URI.create(repository + "eddy-application-0.1.0-SNAPSHOT-tests.jar" + entry))));
        assertFalse(ProductionClasses.DO_NOT_INCLUDE_TEST_JARS.includes(
                Location.of(URI.create(reactor + "eddy-application-0.1.0-SNAPSHOT-tests.jar" + entry))));
        assertTrue(ProductionClasses.DO_NOT_INCLUDE_TEST_JARS.includes(
                Location.of(URI.create(reactor + "eddy-application-0.1.0-SNAPSHOT.jar" + entry))));
    }

    @Test
    void layersDependOnlyInwards() {
        EddyRules.LAYERS.check(classes);
    }

    @Test
    void domainDependsOnlyOnItselfAndJava() {
        EddyRules.DOMAIN_DEPENDS_ONLY_ON_ITSELF_AND_JAVA.check(classes);
    }

    @Test
    void domainAndApplicationUseNeitherAwsNorJackson() {
        EddyRules.NO_AWS_OR_JACKSON_IN_DOMAIN_OR_APPLICATION.check(classes);
    }

    @Test
    void adaptersDoNotUseApplicationServices() {
        EddyRules.ADAPTERS_DO_NOT_USE_APPLICATION_SERVICES.check(classes);
    }

    @Test
    void modulesAreFreeOfCycles() {
        EddyRules.MODULES_ARE_FREE_OF_CYCLES.check(classes);
    }

    @Test
    void onlyStandardStreamsTouchesSystemOutAndErr() {
        EddyRules.NO_STANDARD_STREAMS.check(classes);
    }

    @Test
    void noClassThrowsGenericExceptions() {
        EddyRules.NO_GENERIC_EXCEPTIONS.check(classes);
    }

    @Test
    void noClassUsesJavaUtilLogging() {
        EddyRules.NO_JAVA_UTIL_LOGGING.check(classes);
    }

    @Test
    void noClassDependsOnJavaUtilLogging() {
        EddyRules.NO_DEPENDENCY_ON_JAVA_UTIL_LOGGING.check(classes);
    }

    @Test
    void noClassUsesFieldInjection() {
        EddyRules.NO_FIELD_INJECTION.check(classes);
    }

    @Test
    void everyUseCaseHasOneMethod() {
        EddyRules.USE_CASES_HAVE_ONE_METHOD.check(classes);
    }

    @Test
    void everyUseCaseTakesOneCommandRecord() {
        EddyRules.USE_CASES_TAKE_ONE_COMMAND_RECORD.check(classes);
    }

    @Test
    void outboundPortsAreNamedInDomainWords() {
        EddyRules.PORTS_ARE_NAMED_IN_DOMAIN_WORDS.check(classes);
    }
}

package dev.eddy.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.eddy.adapters.archfixture.AdapterLoggingThroughALocalLogger;
import dev.eddy.adapters.archfixture.AdapterPrintingToStandardOut;
import dev.eddy.adapters.archfixture.AdapterUsingApplicationService;
import dev.eddy.adapters.archfixture.AdapterUsingBootstrap;
import dev.eddy.adapters.archfixture.AdapterUsingJavaUtilLogging;
import dev.eddy.adapters.archfixture.AdapterWithInjectedField;
import dev.eddy.adapters.archfixture.FixtureAdapter;
import dev.eddy.adapters.archfixture.StandardStreams;
import dev.eddy.application.RecordRef;
import dev.eddy.application.archfixture.ApplicationClassThrowingRuntimeException;
import dev.eddy.application.archfixture.ApplicationClassUsingAdapter;
import dev.eddy.application.archfixture.ApplicationClassUsingAwsSdk;
import dev.eddy.application.archfixture.ApplicationClassUsingLambdaEvents;
import dev.eddy.application.archfixture.CycleInApplication;
import dev.eddy.application.port.in.archfixture.CountChangesUseCase;
import dev.eddy.application.port.in.archfixture.InheritedSecondMethodUseCase;
import dev.eddy.application.port.in.archfixture.ListAndCountChangesUseCase;
import dev.eddy.application.port.in.archfixture.RenameTableUseCase;
import dev.eddy.application.port.out.archfixture.ChangeStorePort;
import dev.eddy.application.port.out.archfixture.DynamoDBProjections;
import dev.eddy.application.port.out.archfixture.LawsLedger;
import dev.eddy.application.port.out.archfixture.SnsNotifier;
import dev.eddy.application.projection.archfixture.DynamoTotals;
import dev.eddy.archfixture.ClassOutsideEveryLayer;
import dev.eddy.bootstrap.archfixture.FixtureWiring;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.archfixture.CycleInDomain;
import dev.eddy.domain.archfixture.DomainClassUsingApplication;
import dev.eddy.domain.archfixture.DomainClassUsingJackson;
import dev.eddy.domain.archfixture.DomainClassUsingJavax;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves every rule of {@link EddyRules} can fail. Each test evaluates the rule twice: on a small
 * set of well-behaved classes, one per layer (it must pass), and on the same set plus the fixtures
 * that break it (it must fail, and the report must name the culprit). So a violation can come only
 * from the fixture, never from an empty layer or an empty selection.
 *
 * <p>The layered rule checks who accesses a layer from the side of the accessed class, so a
 * fixture that reaches into another layer reaches a class that is itself imported (one of the
 * well-behaved ones).
 */
class RulesBiteTest {

    private static final Class<?>[] WELL_BEHAVED = {
        ItemKey.class, RecordRef.class, CountChangesUseCase.class, LawsLedger.class,
        FixtureAdapter.class, FixtureWiring.class,
    };

    private static final JavaClasses WELL_BEHAVED_CLASSES = wellBehavedAnd();

    @Test
    void layersRejectDomainReachingIntoApplication() {
        assertBites(EddyRules.LAYERS, DomainClassUsingApplication.class, RecordRef.class.getName());
    }

    @Test
    void layersRejectApplicationReachingIntoAdapters() {
        assertBites(EddyRules.LAYERS, ApplicationClassUsingAdapter.class, FixtureAdapter.class.getName());
    }

    @Test
    void layersRejectAdaptersReachingIntoBootstrap() {
        assertBites(EddyRules.LAYERS, AdapterUsingBootstrap.class, FixtureWiring.class.getName());
    }

    @Test
    void layersRejectClassesOutsideEveryLayer() {
        assertBites(EddyRules.LAYERS, ClassOutsideEveryLayer.class, "is not contained in architecture");
    }

    @Test
    void domainAllowListRejectsJackson() {
        assertBites(EddyRules.DOMAIN_DEPENDS_ONLY_ON_ITSELF_AND_JAVA, DomainClassUsingJackson.class,
                "com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void domainAllowListRejectsJavax() {
        assertBites(EddyRules.DOMAIN_DEPENDS_ONLY_ON_ITSELF_AND_JAVA, DomainClassUsingJavax.class,
                "javax.crypto.spec.SecretKeySpec");
    }

    @Test
    void domainAllowListRejectsOtherModules() {
        assertBites(EddyRules.DOMAIN_DEPENDS_ONLY_ON_ITSELF_AND_JAVA, DomainClassUsingApplication.class,
                RecordRef.class.getName());
    }

    @Test
    void domainMayNotUseJackson() {
        assertBites(EddyRules.NO_AWS_OR_JACKSON_IN_DOMAIN_OR_APPLICATION, DomainClassUsingJackson.class,
                "com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void applicationMayNotUseTheAwsSdk() {
        assertBites(EddyRules.NO_AWS_OR_JACKSON_IN_DOMAIN_OR_APPLICATION, ApplicationClassUsingAwsSdk.class,
                "software.amazon.awssdk.services.sns.SnsClient");
    }

    @Test
    void applicationMayNotUseLambdaEvents() {
        assertBites(EddyRules.NO_AWS_OR_JACKSON_IN_DOMAIN_OR_APPLICATION, ApplicationClassUsingLambdaEvents.class,
                "com.amazonaws.services.lambda.runtime.events.DynamodbEvent");
    }

    @Test
    void adaptersMayNotUseApplicationServices() {
        assertBites(EddyRules.ADAPTERS_DO_NOT_USE_APPLICATION_SERVICES, AdapterUsingApplicationService.class,
                "dev.eddy.application.service.ProcessChangeBatchService");
    }

    @Test
    void cyclesBetweenModulesAreRejected() {
        EvaluationResult result = assertBites(EddyRules.MODULES_ARE_FREE_OF_CYCLES, CycleInDomain.class,
                CycleInApplication.class.getName(), CycleInApplication.class);
        assertTrue(result.getFailureReport().toString().contains("Cycle detected"), report(result));
    }

    @Test
    void standardStreamsAreRejectedOutsideTheOneAllowedClass() {
        assertBites(EddyRules.NO_STANDARD_STREAMS, AdapterPrintingToStandardOut.class, "java.lang.System.out");
    }

    @Test
    void standardStreamsExemptionGoesByFullyQualifiedName() {
        assertBites(EddyRules.NO_STANDARD_STREAMS, StandardStreams.class, "java.lang.System.err");
    }

    @Test
    void standardStreamsExemptionLetsExactlyTheNamedClassWrite() {
        ArchRule rule = EddyRules.noStandardStreamsExcept(AdapterPrintingToStandardOut.class.getName());
        EvaluationResult allowed = rule.evaluate(wellBehavedAnd(AdapterPrintingToStandardOut.class));
        assertFalse(allowed.hasViolation(), report(allowed));
        assertBites(rule, StandardStreams.class, "java.lang.System.err");
    }

    @Test
    void genericExceptionsAreRejected() {
        assertBites(EddyRules.NO_GENERIC_EXCEPTIONS, ApplicationClassThrowingRuntimeException.class,
                "java.lang.RuntimeException");
    }

    @Test
    void javaUtilLoggingIsRejected() {
        // ArchUnit's rule looks for fields of type java.util.logging.Logger being set.
        assertBites(EddyRules.NO_JAVA_UTIL_LOGGING, AdapterUsingJavaUtilLogging.class,
                "sets field <" + AdapterUsingJavaUtilLogging.class.getName() + ".LOG>");
    }

    @Test
    void javaUtilLoggingWithoutALoggerFieldIsRejected() {
        assertBites(EddyRules.NO_DEPENDENCY_ON_JAVA_UTIL_LOGGING, AdapterLoggingThroughALocalLogger.class,
                "java.util.logging.Logger.getLogger");
        EvaluationResult constant = EddyRules.NO_JAVA_UTIL_LOGGING.evaluate(
                wellBehavedAnd(AdapterLoggingThroughALocalLogger.class));
        assertFalse(constant.hasViolation(), "if ArchUnit's own rule now sees this, the stricter rule may go: "
                + report(constant));
    }

    @Test
    void fieldInjectionIsRejected() {
        assertBites(EddyRules.NO_FIELD_INJECTION, AdapterWithInjectedField.class, "collaborator");
    }

    @Test
    void useCaseWithTwoMethodsIsRejected() {
        assertBites(EddyRules.USE_CASES_HAVE_ONE_METHOD, ListAndCountChangesUseCase.class, "2 methods [count, list]");
    }

    @Test
    void useCaseWithAnInheritedSecondMethodIsRejected() {
        assertBites(EddyRules.USE_CASES_HAVE_ONE_METHOD, InheritedSecondMethodUseCase.class, "2 methods [count, reset]");
    }

    @Test
    void useCaseTakingPlainParametersIsRejected() {
        assertBites(EddyRules.USE_CASES_TAKE_ONE_COMMAND_RECORD, RenameTableUseCase.class,
                "takes (java.lang.String, java.lang.String), not one *Command record");
    }

    @Test
    void outboundPortNamedPortIsRejected() {
        assertBites(EddyRules.PORTS_ARE_NAMED_IN_DOMAIN_WORDS, ChangeStorePort.class, "simple name ending with 'Port'");
    }

    @Test
    void outboundPortNamedForSnsIsRejected() {
        assertBites(EddyRules.PORTS_ARE_NAMED_IN_DOMAIN_WORDS, SnsNotifier.class, "technology word 'Sns'");
    }

    @Test
    void outboundPortNamedForDynamoDbIsRejected() {
        assertBites(EddyRules.PORTS_ARE_NAMED_IN_DOMAIN_WORDS, DynamoDBProjections.class,
                "technology word 'Dynamo'");
    }

    @Test
    void aPortBesideItsUseCaseNamedForDynamoDbIsRejected() {
        assertBites(EddyRules.PORTS_ARE_NAMED_IN_DOMAIN_WORDS,
                DynamoTotals.class, "technology word 'Dynamo'");
    }

    @Test
    void technologyWordsAreWholeCamelCaseWords() {
        assertEquals(Optional.of("SNS"), EddyRules.technologyWordIn("SNSPublisher"));
        assertEquals(Optional.of("Lambdas"), EddyRules.technologyWordIn("ChangeLambdas"));
        assertEquals(Optional.of("Aws"), EddyRules.technologyWordIn("AwsSecrets"));
        assertEquals(Optional.empty(), EddyRules.technologyWordIn("LawsLedger"));
        assertEquals(Optional.empty(), EddyRules.technologyWordIn("NotificationPublisher"));
    }

    /** The rule passes on the well-behaved classes and fails once the violators join them. */
    private static EvaluationResult assertBites(ArchRule rule, Class<?> violator, String expectedText,
                                                Class<?>... moreViolators) {
        EvaluationResult baseline = rule.evaluate(WELL_BEHAVED_CLASSES);
        assertFalse(baseline.hasViolation(), "the rule must pass on the well-behaved classes: " + report(baseline));

        Class<?>[] violators = Stream.concat(Stream.of(violator), Stream.of(moreViolators)).toArray(Class<?>[]::new);
        EvaluationResult result = rule.evaluate(wellBehavedAnd(violators));
        assertTrue(result.hasViolation(), rule.getDescription() + " did not bite on " + violator.getName());
        String report = report(result);
        assertTrue(report.contains(violator.getName()), "the report must name " + violator.getName() + ": " + report);
        assertTrue(report.contains(expectedText), "the report must mention " + expectedText + ": " + report);
        return result;
    }

    private static JavaClasses wellBehavedAnd(Class<?>... more) {
        return new ClassFileImporter().importClasses(
                Stream.concat(Stream.of(WELL_BEHAVED), Stream.of(more)).toArray(Class<?>[]::new));
    }

    private static String report(EvaluationResult result) {
        return result.getFailureReport().toString();
    }
}

package dev.eddy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Eddy's architecture, as ArchUnit rules. Each rule has a test that proves it can fail. */
final class EddyRules {

    /** The one class allowed to touch {@code System.out} and {@code System.err}. */
    static final String STANDARD_STREAMS = "dev.eddy.adapters.aws.observability.StandardStreams";

    /** Words that name a technology; outbound ports are named in domain words instead. */
    static final List<String> TECHNOLOGY_WORDS = List.of("sns", "dynamo", "sqs", "lambda", "aws");

    private static final String DOMAIN = "dev.eddy.domain..";
    private static final String APPLICATION = "dev.eddy.application..";
    private static final String ADAPTERS = "dev.eddy.adapters..";
    private static final String BOOTSTRAP = "dev.eddy.bootstrap..";

    static final ArchRule LAYERS = layers()
            .whereLayer("Bootstrap").mayNotBeAccessedByAnyLayer()
            .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("Application").mayOnlyBeAccessedByLayers("Adapters", "Bootstrap")
            .ensureAllClassesAreContainedInArchitecture()
            .because("each module depends only inwards: bootstrap -> adapters -> application -> domain");

    static final ArchRule DOMAIN_DEPENDS_ONLY_ON_ITSELF_AND_JAVA = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
            .because("the domain model is plain Java: no libraries, not even javax");

    static final ArchRule NO_AWS_OR_JACKSON_IN_DOMAIN_OR_APPLICATION = noClasses()
            .that().resideInAnyPackage(DOMAIN, APPLICATION)
            .should().dependOnClassesThat()
            .resideInAnyPackage("software.amazon..", "com.amazonaws..", "com.fasterxml.jackson..")
            .because("AWS and JSON mapping belong in the adapters; domain and application use domain.json.JsonWriter");

    static final ArchRule ADAPTERS_DO_NOT_USE_APPLICATION_SERVICES = noClasses()
            .that().resideInAPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage("dev.eddy.application.service..")
            .because("adapters talk to the application through its ports; only the bootstrap builds services")
            .allowEmptyShould(!EddyModules.expectsCodeIn("dev.eddy.adapters"));

    static final ArchRule MODULES_ARE_FREE_OF_CYCLES = slices()
            .matching("dev.eddy.(*)..")
            .should().beFreeOfCycles();

    static final ArchRule NO_STANDARD_STREAMS = noStandardStreamsExcept(STANDARD_STREAMS);

    static final ArchRule NO_GENERIC_EXCEPTIONS = GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    static final ArchRule NO_JAVA_UTIL_LOGGING = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    /** Stricter than {@link #NO_JAVA_UTIL_LOGGING}, which only sees fields of type java.util.logging.Logger. */
    static final ArchRule NO_DEPENDENCY_ON_JAVA_UTIL_LOGGING = noClasses()
            .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
            .because("Eddy logs JSON lines through the observability adapter, never through java.util.logging");

    static final ArchRule NO_FIELD_INJECTION = GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

    static final ArchRule USE_CASES_HAVE_ONE_METHOD = classes()
            .that().resideInAPackage("dev.eddy.application.port.in..")
            .and().areInterfaces()
            .and().haveSimpleNameEndingWith("UseCase")
            .should(haveExactlyOneMethod())
            .because("an inbound port is one use case: one method taking one command");

    static final ArchRule USE_CASES_TAKE_ONE_COMMAND_RECORD = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.eddy.application.port.in..")
            .and().areDeclaredInClassesThat().areInterfaces()
            .and().areDeclaredInClassesThat().haveSimpleNameEndingWith("UseCase")
            .and().areNotStatic()
            .should(takeOneCommandRecord())
            .because("a use case takes its input as one validated command record");

    /**
     * Every interface of the application layer, not only the outbound ports of {@code port.out}: a use
     * case's own outbound port may live beside it, as {@code projection.ProjectionStore} does, and the
     * inbound ports and the pipeline's interfaces speak the domain's words too.
     */
    static final ArchRule PORTS_ARE_NAMED_IN_DOMAIN_WORDS = noClasses()
            .that().resideInAPackage("dev.eddy.application..")
            .and().areInterfaces()
            .should().haveSimpleNameEndingWith("Port")
            .orShould(haveATechnologyWordInTheirName())
            .because("ports and the application's other interfaces say what they do in domain words; the adapter names the technology");

    private EddyRules() {
    }

    /** No class but {@code allowedClass} (exactly that name, not its nested classes) touches the standard streams. */
    static ArchRule noStandardStreamsExcept(String allowedClass) {
        return noClasses()
                .that().doNotHaveFullyQualifiedName(allowedClass)
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("output goes through " + allowedClass + " only, so log lines stay structured");
    }

    private static LayeredArchitecture layers() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.eddy..");
        architecture = layer(architecture, "Domain", DOMAIN);
        architecture = layer(architecture, "Application", APPLICATION);
        architecture = layer(architecture, "Adapters", ADAPTERS);
        return layer(architecture, "Bootstrap", BOOTSTRAP);
    }

    /** A layer must hold classes once its module is expected (see {@link EddyModules}); until then it may be empty. */
    private static LayeredArchitecture layer(LayeredArchitecture architecture, String name, String packageIdentifier) {
        String packageName = packageIdentifier.substring(0, packageIdentifier.length() - "..".length());
        LayeredArchitecture.LayerDefinition definition = EddyModules.expectsCodeIn(packageName)
                ? architecture.layer(name)
                : architecture.optionalLayer(name);
        return definition.definedBy(packageIdentifier);
    }

    private static ArchCondition<JavaClass> haveExactlyOneMethod() {
        return new ArchCondition<>("have exactly one method") {
            @Override
            public void check(JavaClass useCase, ConditionEvents events) {
                List<JavaMethod> methods = useCase.getAllMethods().stream()
                        .filter(method -> !method.getOwner().isEquivalentTo(Object.class))
                        .filter(method -> !method.getModifiers().contains(JavaModifier.STATIC))
                        .filter(method -> !method.getModifiers().contains(JavaModifier.SYNTHETIC))
                        .collect(Collectors.toList());
                String names = methods.stream().map(JavaMethod::getName).sorted().collect(Collectors.joining(", "));
                events.add(new SimpleConditionEvent(useCase, methods.size() == 1,
                        useCase.getName() + " has " + methods.size() + " methods [" + names + "]"));
            }
        };
    }

    private static ArchCondition<JavaMethod> takeOneCommandRecord() {
        return new ArchCondition<>("take one command record") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<JavaClass> parameters = method.getRawParameterTypes();
                boolean commandRecord = parameters.size() == 1
                        && parameters.get(0).isRecord()
                        && parameters.get(0).getSimpleName().endsWith("Command");
                String types = parameters.stream().map(JavaClass::getName).collect(Collectors.joining(", "));
                events.add(new SimpleConditionEvent(method, commandRecord, method.getFullName()
                        + (commandRecord ? " takes one command record" : " takes (" + types + "), not one *Command record")));
            }
        };
    }

    private static ArchCondition<JavaClass> haveATechnologyWordInTheirName() {
        return new ArchCondition<>("have a technology word " + TECHNOLOGY_WORDS + " in their name") {
            @Override
            public void check(JavaClass port, ConditionEvents events) {
                Optional<String> word = technologyWordIn(port.getSimpleName());
                events.add(new SimpleConditionEvent(port, word.isPresent(), port.getName()
                        + word.map(w -> " has the technology word '" + w + "' in its name")
                                .orElse(" has no technology word in its name")));
            }
        };
    }

    /** Splits a camel-case name into words ({@code SNSDynamoDbNotifier} -> SNS, Dynamo, Db, Notifier). */
    static Optional<String> technologyWordIn(String simpleName) {
        for (String word : simpleName.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
            String lower = word.toLowerCase(Locale.ROOT);
            for (String technology : TECHNOLOGY_WORDS) {
                if (lower.startsWith(technology)) {
                    return Optional.of(word);
                }
            }
        }
        return Optional.empty();
    }
}

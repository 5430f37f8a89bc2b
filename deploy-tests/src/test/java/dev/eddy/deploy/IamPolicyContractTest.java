package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.eddy.adapters.aws.dynamodb.DynamoDbAdapters;
import dev.eddy.adapters.aws.dynamodb.DynamoDbLedgerClient;
import dev.eddy.adapters.aws.sns.SnsNotificationPublisher;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;

/**
 * The execution role allows every action the deployed code performs and nothing more. The code
 * side is one constant per adapter, which {@link #adaptersDeclareExactlyTheSdkOperationsTheyCall}
 * checks against the SDK calls (and the calls of Eddy's own PublishBatch client,
 * {@link SnsPublishBatchClient}) in the compiled classes; the Terraform side is the iam module's
 * {@code aws_iam_policy_document}, statement by statement, keyed by the resource it grants.
 */
class IamPolicyContractTest {
    /** SDK operations whose IAM action has another name. */
    private static final Map<String, String> ACTION_OF_OPERATION = Map.of(
            "sns:PublishBatch", "sns:Publish"); // PublishBatch is authorized by sns:Publish
    /** SDK service package -> IAM service prefix. */
    private static final Map<String, String> IAM_PREFIX = Map.of("dynamodb", "dynamodb", "sns", "sns");

    private static final String ADAPTER_SNS = "dev.eddy.adapters.aws.sns.SnsNotificationPublisher";
    private static final String ADAPTER_PROJECTIONS = "dev.eddy.adapters.aws.dynamodb.DynamoDbProjectionStore";
    private static final String ADAPTER_LEDGER = "dev.eddy.adapters.aws.dynamodb.DynamoDbDeliveryLedger";

    /** Each adapter's declared actions, by the policy resource (the iam module variable) they need. */
    private static Map<String, Set<String>> codeActionsByResource() {
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("${var.topic_arns}", new TreeSet<>(SnsNotificationPublisher.IAM_ACTIONS));
        expected.put("${var.projection_table_arn}", new TreeSet<>(DynamoDbAdapters.PROJECTION_STORE_IAM_ACTIONS));
        expected.put("${var.ledger_table_arn}", new TreeSet<>(DynamoDbAdapters.DELIVERY_LEDGER_IAM_ACTIONS));
        return expected;
    }

    /**
     * What the Lambda platform does with the function's role, not the code: the event source
     * mapping reads the stream (ListStreams has no resource-level permission, so "*") and sends
     * given-up batches to the on-failure queue; the runtime writes the function's logs; KMS for
     * customer managed keys on tables, topics and queues; X-Ray (no resource-level permission) when
     * tracing is on.
     */
    private static Map<String, Set<String>> platformActionsByResource() {
        Map<String, Set<String>> platform = new TreeMap<>();
        platform.put("${var.stream_arn}", Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"));
        platform.put("*|ListStreams", Set.of("dynamodb:ListStreams"));
        platform.put("${var.log_group_arn}:*", Set.of("logs:CreateLogStream", "logs:PutLogEvents"));
        platform.put("${var.on_failure_queue_arn}", Set.of("sqs:SendMessage"));
        platform.put("${statement.value}|kms", Set.of("kms:Decrypt", "kms:GenerateDataKey"));
        platform.put("*|xray", Set.of("xray:PutTelemetryRecords", "xray:PutTraceSegments"));
        return platform;
    }

    @Test
    void policyAllowsExactlyTheCodesAndThePlatformsActionsOnTheirResources() {
        JsonNode document = Terraform.module("iam").data("aws_iam_policy_document", "this");
        Map<String, Set<String>> policy = new TreeMap<>();
        List<JsonNode> statements = new ArrayList<>(Terraform.blocks(document, "statement"));
        for (JsonNode dynamic : Terraform.blocks(document.path("dynamic"), "statement")) {
            statements.add(Terraform.oneBlock(dynamic, "content"));
        }
        for (JsonNode statement : statements) {
            assertEquals("Allow", statement.path("effect").asText("Allow"), "only Allow statements: " + statement);
            Set<String> actions = new TreeSet<>();
            statement.path("actions").forEach(a -> actions.add(a.asText()));
            actions.forEach(a -> assertFalse(a.contains("*"), "no wildcard actions: " + a));
            String resource = resourceKey(statement);
            if (policy.put(resource, actions) != null) {
                fail("two statements grant on " + resource + "; merge them");
            }
        }

        Map<String, Set<String>> expected = new TreeMap<>(platformActionsByResource());
        expected.putAll(codeActionsByResource());
        assertEquals(expected, policy, "modules/iam aws_iam_policy_document \"this\", by resource");
    }

    /** A statement's resources as text; "*" also names its service, since two services need "*". */
    private static String resourceKey(JsonNode statement) {
        JsonNode resources = statement.path("resources");
        if (resources.isArray() && resources.size() == 1) {
            String one = resources.get(0).asText();
            if (one.equals("*")) {
                String action = statement.path("actions").get(0).asText();
                return "*|" + (action.startsWith("dynamodb:") ? action.substring("dynamodb:".length()) : action.split(":")[0]);
            }
            return one;
        }
        String text = resources.asText();
        return text.equals("${statement.value}") ? text + "|" + statement.path("actions").get(0).asText().split(":")[0] : text;
    }

    /**
     * The methods of {@link DynamoDbLedgerClient} that call DynamoDB, and the action each needs
     * ({@code DynamoDbLedgerClientTest} shows that each sends the SDK's request for that operation).
     */
    private static final Map<String, String> LEDGER_CLIENT_OPERATIONS =
            Map.of("batchGet", "dynamodb:BatchGetItem", "batchPut", "dynamodb:BatchWriteItem");

    /**
     * The policy grants {@code sns:Publish} on {@code var.topic_arns}, which the root fills from the
     * alerts module's {@code topic_arns}: a topic left out of that list (a new channel's, say) would
     * be created, configured and refused every publish.
     */
    @Test
    void everyTopicTheAlertsModuleCreatesIsOneTheFunctionMayPublishTo() {
        assertEquals("module.alerts.topic_arns", HclExpression.inside(Terraform.root().moduleCall("iam").path("topic_arns")));
        Terraform alerts = Terraform.module("alerts");
        String granted = alerts.output("topic_arns").path("value").toString();
        List<String> topics = alerts.resourceNames("aws_sns_topic");
        assertFalse(topics.isEmpty(), "the alerts module creates no topic");
        for (String topic : topics) {
            if (!granted.contains("aws_sns_topic." + topic + ".arn")) {
                fail("aws_sns_topic." + topic + " is not in the alerts module's topic_arns (" + granted
                        + "), so the function may not publish to it: add it there (modules/alerts/outputs.tf)");
            }
        }
    }

    @Test
    void adaptersDeclareExactlyTheSdkOperationsTheyCall() {
        JavaClasses deployed = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.eddy.domain", "dev.eddy.application", "dev.eddy.adapters.aws", "dev.eddy.bootstrap.lambda");
        Map<String, Set<String>> called = new TreeMap<>();
        for (JavaClass type : deployed) {
            for (JavaMethodCall call : type.getMethodCallsFromSelf()) {
                JavaClass owner = call.getTargetOwner();
                if (owner.isEquivalentTo(SnsPublishBatchClient.class) && call.getName().equals("publishBatch")) {
                    // Eddy's own wire client for SNS's PublishBatch, outside the SDK's SnsClient.
                    called.computeIfAbsent(topLevel(type).getName(), k -> new TreeSet<>()).add(SnsPublishBatchClient.IAM_ACTION);
                    continue;
                }
                if (owner.isEquivalentTo(DynamoDbLedgerClient.class) && LEDGER_CLIENT_OPERATIONS.containsKey(call.getName())) {
                    // Eddy's own wire client for the ledger's two DynamoDB operations, outside the SDK's DynamoDbClient.
                    called.computeIfAbsent(topLevel(type).getName(), k -> new TreeSet<>())
                            .add(LEDGER_CLIENT_OPERATIONS.get(call.getName()));
                    continue;
                }
                if (!owner.isInterface() || !owner.isAssignableTo("software.amazon.awssdk.core.SdkClient") || !isOperation(call)) {
                    continue;
                }
                called.computeIfAbsent(topLevel(type).getName(), k -> new TreeSet<>()).add(action(owner, call.getName()));
            }
        }

        Map<String, Set<String>> declared = new TreeMap<>();
        declared.put(ADAPTER_SNS, new TreeSet<>(SnsNotificationPublisher.IAM_ACTIONS));
        // The client's own call: the connection warm-up's empty PublishBatch, on a topic the publisher has.
        declared.put(SnsPublishBatchClient.class.getName(), new TreeSet<>(Set.of(SnsPublishBatchClient.IAM_ACTION)));
        declared.put(ADAPTER_PROJECTIONS, new TreeSet<>(DynamoDbAdapters.PROJECTION_STORE_IAM_ACTIONS));
        declared.put(ADAPTER_LEDGER, new TreeSet<>(DynamoDbAdapters.DELIVERY_LEDGER_IAM_ACTIONS));
        // The ledger client's own call: the connection warm-up's read, on the ledger table the ledger reads.
        declared.put(DynamoDbLedgerClient.class.getName(), new TreeSet<>(Set.of("dynamodb:BatchGetItem")));
        assertEquals(declared, called, "IAM actions of the SDK calls in the deployed classes vs the adapters' IAM_ACTIONS constants");
    }

    /** An instance method returning a response (or a paginator): an API call, unlike builder() or close(). */
    private static boolean isOperation(JavaMethodCall call) {
        try {
            Class<?> client = Class.forName(call.getTargetOwner().getName());
            Class<?>[] parameters = new Class<?>[call.getTarget().getRawParameterTypes().size()];
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = Class.forName(call.getTarget().getRawParameterTypes().get(i).getName());
            }
            Method method = client.getMethod(call.getName(), parameters);
            return !Modifier.isStatic(method.getModifiers())
                    && (SdkResponse.class.isAssignableFrom(method.getReturnType()) || call.getName().endsWith("Paginator"));
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new AssertionError("cannot find " + call.getTarget().getFullName() + " on the test classpath", e);
        }
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    /** software.amazon.awssdk.services.dynamodb.DynamoDbClient#batchGetItem -> dynamodb:BatchGetItem. */
    static String action(JavaClass client, String method) {
        String[] packages = client.getPackageName().split("\\.");
        String service = packages[packages.length - 1];
        String prefix = IAM_PREFIX.get(service);
        if (prefix == null) {
            fail("the deployed code calls " + client.getName() + "#" + method + ": add its service to IAM_PREFIX and the policy");
        }
        String operation = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length()) : method;
        String action = prefix + ":" + operation.substring(0, 1).toUpperCase(Locale.ROOT) + operation.substring(1);
        return ACTION_OF_OPERATION.getOrDefault(action, action);
    }
}

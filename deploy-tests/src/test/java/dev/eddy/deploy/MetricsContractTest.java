package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.adapters.aws.observability.EmfMetricNames;
import dev.eddy.domain.ChangeKind;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and alarms read Eddy's metrics under exactly the namespace, names and dimension
 * sets the code emits in EMF ({@link EmfMetricNames}). CloudWatch matches a metric by namespace,
 * name and its full set of dimensions, so a dimension too many or too few shows an empty graph.
 */
class MetricsContractTest {
    /** Namespaces the monitoring module may use besides Eddy's own. */
    private static final Set<String> AWS_NAMESPACES = Set.of("AWS/Lambda", "AWS/SQS", "AWS/SNS");

    private final Terraform monitoring = Terraform.module("monitoring");

    /** One metric a widget or alarm reads: namespace, name, dimension name -> value (as Terraform gives it). */
    record MetricUse(String where, String namespace, String name, Map<String, String> dimensions) {
    }

    /** Metric names the code emits: EmfMetricNames' constants other than the namespace, dimensions and units. */
    static Set<String> codeMetricNames() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field field : EmfMetricNames.class.getFields()) {
            String constant = field.getName();
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && !constant.equals("NAMESPACE")
                    && !constant.startsWith("DIMENSION_") && !constant.startsWith("UNIT_")) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }

    /** The dimension names the code puts on a metric. */
    static Set<String> codeDimensions(String metric) {
        return metric.equals(EmfMetricNames.RECORDS)
                ? Set.of(EmfMetricNames.DIMENSION_FUNCTION_NAME, EmfMetricNames.DIMENSION_CHANGE_KIND)
                : Set.of(EmfMetricNames.DIMENSION_FUNCTION_NAME);
    }

    private JsonNode resolveLocal(String reference) {
        if (!reference.startsWith("local.")) {
            return null;
        }
        JsonNode value = monitoring.local(reference.substring("local.".length()));
        return HclExpression.interpolation(value).isPresent() ? null : value;
    }

    private String resolveText(JsonNode value) {
        Optional<String> expression = HclExpression.interpolation(value);
        if (expression.isPresent()) {
            JsonNode local = resolveLocal(expression.get());
            if (local != null) {
                return local.asText();
            }
        }
        return value.asText();
    }

    List<MetricUse> dashboardMetrics() {
        JsonNode dashboard = monitoring.resource("aws_cloudwatch_dashboard", "this");
        String body = HclExpression.interpolation(dashboard.path("dashboard_body")).orElseThrow();
        JsonNode widgets = HclExpression.value(HclExpression.callArgument(body, "jsonencode")).path("widgets");
        assertTrue(widgets.isArray() && widgets.size() > 0, "the dashboard has no widgets");
        List<MetricUse> uses = new ArrayList<>();
        for (JsonNode widget : widgets) {
            String title = widget.at("/properties/title").asText();
            JsonNode metrics = widget.at("/properties/metrics");
            Optional<String> expression = HclExpression.interpolation(metrics);
            if (expression.isPresent()) {
                metrics = HclExpression.evaluate(HclExpression.ast(expression.get()), this::resolveLocal);
            }
            if (!metrics.isArray()) {
                fail("widget \"" + title + "\": metrics must be rows the test can evaluate, got " + metrics);
            }
            for (JsonNode row : metrics) {
                uses.add(row("widget \"" + title + "\"", row));
            }
        }
        return uses;
    }

    private MetricUse row(String where, JsonNode row) {
        List<JsonNode> parts = new ArrayList<>();
        row.forEach(parts::add);
        if (!parts.isEmpty() && parts.get(parts.size() - 1).isObject()) {
            parts.remove(parts.size() - 1); // rendering options such as { stat = "Average" }
        }
        if (parts.size() < 2 || parts.size() % 2 != 0) {
            fail(where + ": a metric row is [namespace, name, dimension, value, ...], got " + row);
        }
        Map<String, String> dimensions = new TreeMap<>();
        for (int i = 2; i < parts.size(); i += 2) {
            dimensions.put(resolveText(parts.get(i)), resolveText(parts.get(i + 1)));
        }
        return new MetricUse(where, resolveText(parts.get(0)), resolveText(parts.get(1)), dimensions);
    }

    List<MetricUse> alarmMetrics() {
        List<MetricUse> uses = new ArrayList<>();
        for (String name : monitoring.resourceNames("aws_cloudwatch_metric_alarm")) {
            JsonNode alarm = monitoring.resource("aws_cloudwatch_metric_alarm", name);
            List<JsonNode> metrics = new ArrayList<>();
            if (alarm.has("metric_name")) {
                metrics.add(alarm);
            }
            for (JsonNode query : Terraform.blocks(alarm, "metric_query")) {
                metrics.addAll(Terraform.blocks(query, "metric"));
            }
            for (JsonNode metric : metrics) {
                Map<String, String> dimensions = new TreeMap<>();
                metric.path("dimensions").fields().forEachRemaining(d -> dimensions.put(d.getKey(), d.getValue().asText()));
                uses.add(new MetricUse("alarm \"" + name + "\"", resolveText(metric.path("namespace")),
                        resolveText(metric.path("metric_name")), dimensions));
            }
        }
        assertFalse(uses.isEmpty(), "no alarms found in the monitoring module");
        return uses;
    }

    @Test
    void dashboardAndAlarmsReadEddyMetricsUnderTheCodesNamesAndDimensions() throws Exception {
        Set<String> names = codeMetricNames();
        List<MetricUse> uses = new ArrayList<>(dashboardMetrics());
        uses.addAll(alarmMetrics());
        for (MetricUse use : uses) {
            if (AWS_NAMESPACES.contains(use.namespace())) {
                assertFalse(names.contains(use.name()), use.where() + ": Eddy's metric " + use.name() + " under " + use.namespace());
                continue;
            }
            assertEquals(EmfMetricNames.NAMESPACE, use.namespace(), use.where() + ": unknown namespace for " + use.name());
            assertTrue(names.contains(use.name()), use.where() + ": the code emits no metric " + use.name() + "; it emits " + names);
            assertEquals(codeDimensions(use.name()), use.dimensions().keySet(), use.where() + ": dimensions of " + use.name());
            String changeKind = use.dimensions().get(EmfMetricNames.DIMENSION_CHANGE_KIND);
            if (changeKind != null) {
                Set<String> kinds = Arrays.stream(ChangeKind.values()).map(Enum::name).collect(Collectors.toSet());
                assertTrue(kinds.contains(changeKind), use.where() + ": no change kind " + changeKind + " in " + kinds);
            }
        }
    }

    /** The module's alarm_arns output, which callers wire alarms from, names every alarm it creates. */
    @Test
    void everyAlarmIsInTheAlarmArnsOutput() {
        Terraform monitoring = Terraform.module("monitoring");
        String output = monitoring.output("alarm_arns").path("value").toString();
        List<String> alarms = monitoring.resourceNames("aws_cloudwatch_metric_alarm");
        assertFalse(alarms.isEmpty(), "the monitoring module creates no alarm");
        for (String alarm : alarms) {
            assertTrue(output.contains("aws_cloudwatch_metric_alarm." + alarm + ".arn"),
                    "aws_cloudwatch_metric_alarm." + alarm + " is not in alarm_arns: " + output);
        }
    }

    @Test
    void dashboardShowsRecordsByEveryKindAlertsAndQuarantinedRecords() {
        List<MetricUse> eddy = dashboardMetrics().stream().filter(u -> u.namespace().equals(EmfMetricNames.NAMESPACE)).toList();

        Set<String> kinds = eddy.stream().filter(u -> u.name().equals(EmfMetricNames.RECORDS))
                .map(u -> u.dimensions().getOrDefault(EmfMetricNames.DIMENSION_CHANGE_KIND, "(no ChangeKind)")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Arrays.stream(ChangeKind.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)), kinds);
        Set<String> shown = eddy.stream().map(MetricUse::name).collect(Collectors.toSet());
        assertTrue(shown.containsAll(Set.of(EmfMetricNames.ALERTS_PUBLISHED, EmfMetricNames.RECORDS_QUARANTINED)), "shown: " + shown);
    }
}

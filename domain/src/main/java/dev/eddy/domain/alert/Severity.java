package dev.eddy.domain.alert;

/** How urgent an alert is. Travels as the {@code severity} message attribute, so subscribers can filter on it. */
public enum Severity {
    INFO, WARNING, CRITICAL
}

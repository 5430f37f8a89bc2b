package dev.eddy.domain.archfixture;

import dev.eddy.application.RecordRef;

/** Breaks the layers: the domain reaches out to the application. */
public class DomainClassUsingApplication {
    public String describe(RecordRef record) {
        return String.valueOf(record);
    }
}

package dev.eddy.domain;

/** The four kinds of change, as named in change documents, metrics and alert attributes. */
public enum ChangeKind {
    CREATED, UPDATED, DELETED, EXPIRED
}

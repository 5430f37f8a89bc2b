package dev.eddy.domain;

/** Which image of an item: before the change or after it. */
public enum ImageRole {
    OLD, NEW
}

package dev.eddy.domain;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** An immutable sequence of bytes, compared by content. DynamoDB's binary type. */
public final class Bytes implements Comparable<Bytes> {
    private final byte[] content;

    private Bytes(byte[] content) {
        this.content = content;
    }

    /** Copies the array, so later changes to it do not leak in. */
    public static Bytes of(byte[] content) {
        Objects.requireNonNull(content, "content");
        return new Bytes(content.clone());
    }

    public static Bytes fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        try {
            return new Bytes(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("binary value is not valid base64: " + e.getMessage());
        }
    }

    public byte[] toArray() {
        return content.clone();
    }

    public int size() {
        return content.length;
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(content);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(content);
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(content, other.content);
    }

    @Override
    public String toString() {
        return "Bytes[" + content.length + "]";
    }
}

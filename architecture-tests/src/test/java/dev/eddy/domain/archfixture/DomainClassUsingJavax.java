package dev.eddy.domain.archfixture;

import javax.crypto.spec.SecretKeySpec;

/** Breaks the domain allow-list with a JDK class that is javax, not java. */
public class DomainClassUsingJavax {
    public SecretKeySpec key(byte[] bytes) {
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}

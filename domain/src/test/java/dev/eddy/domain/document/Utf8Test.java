package dev.eddy.domain.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void countsBytesLikeTheEncoder() {
        for (String s : new String[] {"", "abc", "é", "€", "\uD83D\uDE00", "a€\uD83D\uDE00é"}) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s), s);
        }
    }
}

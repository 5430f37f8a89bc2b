package dev.eddy.adapters.aws.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import dev.eddy.domain.document.ChangeDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fields rules and templates may name ({@link ChangeDocument#FIELDS}, checked at start) are
 * exactly the fields the document is written with: a field added to the document and not to the
 * list would have its rules refused.
 */
class ChangeDocumentFieldsTest {

    @Test
    void theFieldsRulesMayNameAreTheFieldsOfAWholeDocumentInItsOrder() throws Exception {
        Item old = Item.of(Map.of("id", Value.of("s-1"), "t", Value.number("70")));
        Item now = Item.of(Map.of("id", Value.of("s-1"), "t", Value.number("81")));
        Change updated = new Change.Updated(new SourcePosition("event-1", "Readings", "4000000000000000000001",
                Instant.parse("2026-12-07T20:00:00Z"), 100, StreamView.NEW_AND_OLD_IMAGES),
                ItemKey.of(Map.of("id", Value.of("s-1"))), Optional.of(old), Optional.of(now));

        JsonNode document = new ObjectMapper().readTree(ChangeDocument.of(updated).json());
        List<String> written = new ArrayList<>();
        document.fieldNames().forEachRemaining(written::add);

        assertEquals(ChangeDocument.FIELDS, written);
        for (String field : written) {
            boolean holdsOneValue = !document.get(field).isObject();
            assertEquals(holdsOneValue, ChangeDocument.unreachable(field + ".x").isPresent(),
                    field + (holdsOneValue ? " holds one value: nothing below it can be named"
                            : " holds fields: they can be named"));
            assertTrue(ChangeDocument.unreachable(field).isEmpty(), field);
        }
    }
}

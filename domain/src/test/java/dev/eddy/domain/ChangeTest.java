package dev.eddy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeTest {
    private static final SourcePosition SOURCE = new SourcePosition("event-1", "RealTimeDataTable",
            "4421584500000000017450439091", Instant.parse("2026-11-24T10:00:00Z"), 120, StreamView.NEW_AND_OLD_IMAGES);
    private static final ItemKey KEY = ItemKey.of(Map.of("id", Value.of("sensor-7"), "timestamp", Value.number("1732460000")));

    @Test
    void updatedWithEqualImagesIsStillAChangeWithAnEmptyDiff() {
        Item image = Item.of(Map.of("temperature", Value.number("79.5")));
        Change.Updated updated = new Change.Updated(SOURCE, KEY, Optional.of(image),
                Optional.of(Item.of(Map.of("temperature", Value.number("79.50")))));
        assertEquals(ChangeKind.UPDATED, updated.kind());
        assertTrue(updated.diff().orElseThrow().isEmpty());
    }

    @Test
    void diffReportsAddedRemovedAndChangedFieldsWithOldAndNewValues() {
        Item before = Item.of(Map.of("temperature", Value.number("79.5"), "status", Value.of("OK"),
                "note", Value.of("x")));
        Item after = Item.of(Map.of("temperature", Value.number("81.2"), "status", Value.of("OK"),
                "alarm", Value.of(true)));
        Diff diff = Diff.between(before, after);
        assertEquals(Map.of("alarm", Value.of(true)), diff.added());
        assertEquals(Map.of("note", Value.of("x")), diff.removed());
        assertEquals(Map.of("temperature", new FieldChange(Value.number("79.5"), Value.number("81.2"))), diff.changed());
        assertEquals(Set.of("alarm", "note", "temperature"), diff.fieldNames());
        assertFalse(diff.isEmpty());
    }

    @Test
    void nestedChangesShowAsAChangedTopLevelField() {
        Item before = Item.of(Map.of("address", new Value.MapValue(Map.of("city", Value.of("Lyon")))));
        Item after = Item.of(Map.of("address", new Value.MapValue(Map.of("city", Value.of("Nice")))));
        assertEquals(Set.of("address"), Diff.between(before, after).fieldNames());
    }

    @Test
    void updatedWithoutBothImagesHasNoDiffAndSaysWhatIsMissing() {
        Change.Updated keysOnly = new Change.Updated(SOURCE, KEY, Optional.empty(), Optional.empty());
        assertTrue(keysOnly.diff().isEmpty());
        assertEquals(Set.of(ImageRole.OLD, ImageRole.NEW), keysOnly.missingImages());

        Change.Updated newOnly = new Change.Updated(SOURCE, KEY, Optional.empty(), Optional.of(Item.of(Map.of())));
        assertEquals(Set.of(ImageRole.OLD), newOnly.missingImages());
    }

    @Test
    void eachKindExpectsOnlyTheImagesItCanHave() {
        assertEquals(Set.of(), new Change.Created(SOURCE, KEY, Optional.of(Item.of(Map.of()))).missingImages());
        assertEquals(Set.of(ImageRole.NEW), new Change.Created(SOURCE, KEY, Optional.empty()).missingImages());
        assertEquals(Set.of(ImageRole.OLD), new Change.Deleted(SOURCE, KEY, Optional.empty()).missingImages());
        assertEquals(Set.of(), new Change.Expired(SOURCE, KEY, Optional.of(Item.of(Map.of()))).missingImages());
    }

    @Test
    void visitorReachesTheMethodOfEachKind() {
        Change.Visitor<String> names = new Change.Visitor<>() {
            @Override
            public String created(Change.Created created) {
                return "created";
            }

            @Override
            public String updated(Change.Updated updated) {
                return "updated";
            }

            @Override
            public String deleted(Change.Deleted deleted) {
                return "deleted";
            }

            @Override
            public String expired(Change.Expired expired) {
                return "expired";
            }
        };
        assertEquals("created", new Change.Created(SOURCE, KEY, Optional.empty()).accept(names));
        assertEquals("updated", new Change.Updated(SOURCE, KEY, Optional.empty(), Optional.empty()).accept(names));
        assertEquals("deleted", new Change.Deleted(SOURCE, KEY, Optional.empty()).accept(names));
        assertEquals("expired", new Change.Expired(SOURCE, KEY, Optional.empty()).accept(names));
    }

    @Test
    void sequenceNumbersCompareAsNumbersNotStrings() {
        SourcePosition shorter = new SourcePosition("e", "t", "999", Instant.EPOCH, 0, StreamView.KEYS_ONLY);
        SourcePosition longer = new SourcePosition("e", "t", "1000", Instant.EPOCH, 0, StreamView.KEYS_ONLY);
        assertTrue(shorter.sequence().compareTo(longer.sequence()) < 0);
        assertEquals(new BigInteger("4421584500000000017450439091"), SOURCE.sequence());
    }

    @Test
    void sourcePositionRejectsWhatAStreamRecordCannotBe() {
        assertThrows(InvalidValueException.class,
                () -> new SourcePosition("e", "t", "12a", Instant.EPOCH, 0, StreamView.KEYS_ONLY));
        assertThrows(InvalidValueException.class,
                () -> new SourcePosition(" ", "t", "1", Instant.EPOCH, 0, StreamView.KEYS_ONLY));
        assertThrows(InvalidValueException.class,
                () -> new SourcePosition("e", "t", "1", Instant.EPOCH, -1, StreamView.KEYS_ONLY));
        assertThrows(InvalidValueException.class, () -> ItemKey.of(Map.of()));
    }
}

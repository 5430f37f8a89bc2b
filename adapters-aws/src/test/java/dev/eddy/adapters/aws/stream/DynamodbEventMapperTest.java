package dev.eddy.adapters.aws.stream;

import static dev.eddy.adapters.aws.stream.Values.b;
import static dev.eddy.adapters.aws.stream.Values.bool;
import static dev.eddy.adapters.aws.stream.Values.bs;
import static dev.eddy.adapters.aws.stream.Values.item;
import static dev.eddy.adapters.aws.stream.Values.list;
import static dev.eddy.adapters.aws.stream.Values.map;
import static dev.eddy.adapters.aws.stream.Values.n;
import static dev.eddy.adapters.aws.stream.Values.ns;
import static dev.eddy.adapters.aws.stream.Values.nul;
import static dev.eddy.adapters.aws.stream.Values.s;
import static dev.eddy.adapters.aws.stream.Values.ss;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.StreamRecord;
import dev.eddy.domain.Change;
import dev.eddy.domain.ChangeKind;
import dev.eddy.domain.Diff;
import dev.eddy.domain.FieldChange;
import dev.eddy.domain.ImageRole;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DynamodbEventMapperTest {
    private final DynamodbEventMapper mapper = new DynamodbEventMapper();

    @Test
    void insertBecomesCreatedWithEveryAttributeTypeAtAnyDepth() {
        List<StreamRecord> records = mapper.map(LambdaEvents.resource("insert-every-type.json"));

        assertEquals(1, records.size());
        Change change = readable(records.get(0));
        Change.Created created = assertInstanceOf(Change.Created.class, change);
        Item expected = item(
                "id", s("sensor-7"),
                "timestamp", n("1764000000"),
                "label", s("Küche \"north\" \\ wall\nline two \u2603"),
                "emptyText", s(""),
                "count", n("42"),
                "widest", n("12345678901234567890123456789012345678"),
                "narrowest", n("-0.12345678901234567890123456789012345678"),
                "tiny", n("1E-130"),
                "huge", n("9.9999999999999999999999999999999999999E+125"),
                "zero", n("0"),
                "negative", n("-17.5"),
                "blob", new Value.Bin(dev.eddy.domain.Bytes.of(new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255})),
                "emptyBlob", new Value.Bin(dev.eddy.domain.Bytes.of(new byte[0])),
                "active", bool(true),
                "archived", bool(false),
                "nothing", nul(),
                "tags", ss("kitchen", "north"),
                "levels", ns("1", "2.5", "-3E+10"),
                "blobs", bs("AAE=", "/w=="),
                "readings", list(
                        map("at", n("1764000000.5"),
                                "value", n("21.25"),
                                "flags", ss("calibrated"),
                                "meta", map("source", s("probe-1"),
                                        "calibration", list(n("0.98"), n("1.02"), nul(), bool(false)))),
                        s("loose"),
                        list(list(n("7"))),
                        b("3q2+7w=="),
                        ns("10", "20")),
                "config", map(
                        "thresholds", list(map("level", s("high"),
                                "limits", ns("30", "35.5"),
                                "signatures", bs("q80=", "ze8="))),
                        "nested", map("deeper", map("deepest", list(map("x", n("1")))))),
                "emptyList", list(),
                "emptyMap", map());
        assertAll(
                () -> assertEquals(expected, created.newImage().orElseThrow()),
                () -> assertEquals(ItemKey.of(Map.of("id", s("sensor-7"), "timestamp", n("1764000000"))), created.key()),
                () -> assertEquals(Set.of(), created.missingImages()),
                () -> assertEquals(new SourcePosition("7de3041dd709b024af6f29e4fa13d34c", "RealTimeDataTable",
                        "4800000000012345678901", Instant.parse("2025-11-24T16:00:00Z"), 512,
                        StreamView.NEW_AND_OLD_IMAGES), created.source()));
    }

    @Test
    void numbersKeepEveryDigitAndTheirLiteralScale() {
        Item image = readable(mapper.map(LambdaEvents.resource("insert-every-type.json")).get(0)).newImage().orElseThrow();

        assertAll(
                () -> assertEquals("12345678901234567890123456789012345678", number(image, "widest").toPlainString()),
                () -> assertEquals("-0.12345678901234567890123456789012345678", number(image, "narrowest").toPlainString()),
                () -> assertEquals(new BigDecimal("1E-130"), number(image, "tiny")),
                () -> assertEquals(new BigDecimal("9.9999999999999999999999999999999999999E+125"), number(image, "huge")),
                () -> assertEquals("-17.50", number(image, "negative").toPlainString()));
    }

    @Test
    void emptySetsFromPublicSamplesReadAsEmptySets() {
        Item image = readable(mapper.map(LambdaEvents.resource("empty-sets.json")).get(0)).newImage().orElseThrow();

        assertAll(
                () -> assertEquals(new Value.StringSet(Set.of()), image.get("noStrings").orElseThrow()),
                () -> assertEquals(new Value.NumberSet(Set.of()), image.get("noNumbers").orElseThrow()),
                () -> assertEquals(new Value.BinarySet(Set.of()), image.get("noBinaries").orElseThrow()));
    }

    @Test
    void removeByDynamodbTimeToLiveIsExpiredAndEveryOtherRemoveIsDeleted() {
        Map<String, Change> changes = byEventId(mapper.map(LambdaEvents.resource("removes.json")));

        assertAll(
                () -> assertEquals(ChangeKind.EXPIRED, changes.get("ttl-expiry").kind()),
                () -> assertEquals(ChangeKind.DELETED, changes.get("manual-delete").kind()),
                () -> assertEquals(ChangeKind.DELETED, changes.get("delete-by-other-service").kind()),
                () -> assertEquals(ChangeKind.DELETED, changes.get("delete-by-user-named-like-dynamodb").kind()),
                () -> assertEquals(ChangeKind.CREATED, changes.get("insert-with-service-identity").kind()));
    }

    @Test
    void expiredChangeCarriesTheImageThatExpired() {
        Change expired = byEventId(mapper.map(LambdaEvents.resource("removes.json"))).get("ttl-expiry");

        assertAll(
                () -> assertEquals(item("id", s("sensor-7"), "timestamp", n("1763990000"), "value", n("19.5"),
                        "expiresAt", n("1764000000")), expired.oldImage().orElseThrow()),
                () -> assertEquals(Set.of(), expired.missingImages()),
                () -> assertTrue(expired.newImage().isEmpty()));
    }

    @Test
    void everyFormOfCreationTimeReadsAsTheRightInstant() {
        Map<String, Change> changes = byEventId(mapper.map(LambdaEvents.resource("creation-times.json")));

        assertAll(
                () -> assertEquals(Instant.parse("2016-11-18T20:09:00Z"), createdAt(changes, "seconds")),
                () -> assertEquals(Instant.parse("2021-11-01T02:40:07.123Z"), createdAt(changes, "fractional-seconds")),
                () -> assertEquals(Instant.parse("2016-12-02T01:27:00Z"), createdAt(changes, "milliseconds")),
                () -> assertEquals(Instant.parse("2025-11-24T16:00:00.123Z"),
                        createdAt(changes, "milliseconds-with-precision")),
                () -> assertEquals(Instant.parse("2025-11-24T16:00:00.123456Z"),
                        createdAt(changes, "microseconds-with-precision")));
    }

    @Test
    void imagesTheStreamViewLeavesOutAreMissingNotErrors() {
        Map<String, Change> changes = byEventId(mapper.map(LambdaEvents.resource("view-types.json")));

        assertAll(
                () -> assertView(changes.get("keys-only-modify"), ChangeKind.UPDATED, StreamView.KEYS_ONLY,
                        EnumSet.of(ImageRole.OLD, ImageRole.NEW)),
                () -> assertView(changes.get("new-image-modify"), ChangeKind.UPDATED, StreamView.NEW_IMAGE,
                        EnumSet.of(ImageRole.OLD)),
                () -> assertView(changes.get("old-image-modify"), ChangeKind.UPDATED, StreamView.OLD_IMAGE,
                        EnumSet.of(ImageRole.NEW)),
                () -> assertView(changes.get("old-image-insert"), ChangeKind.CREATED, StreamView.OLD_IMAGE,
                        EnumSet.of(ImageRole.NEW)),
                () -> assertView(changes.get("new-image-remove"), ChangeKind.DELETED, StreamView.NEW_IMAGE,
                        EnumSet.of(ImageRole.OLD)),
                () -> assertView(changes.get("new-and-old-modify-without-new-image"), ChangeKind.UPDATED,
                        StreamView.NEW_AND_OLD_IMAGES, EnumSet.of(ImageRole.NEW)),
                () -> assertView(changes.get("no-view-type-no-size"), ChangeKind.CREATED, StreamView.UNKNOWN,
                        EnumSet.noneOf(ImageRole.class)));
    }

    @Test
    void updateMissingAnImageHasNoDiff() {
        Change.Updated updated = (Change.Updated) byEventId(mapper.map(LambdaEvents.resource("view-types.json")))
                .get("new-image-modify");

        assertTrue(updated.diff().isEmpty());
    }

    @Test
    void missingSizeCountsAsZeroBytes() {
        Change change = byEventId(mapper.map(LambdaEvents.resource("view-types.json"))).get("no-view-type-no-size");

        assertEquals(0, change.source().sizeBytes());
    }

    @Test
    void tableNameComesFromTheStreamArnInEveryPartition() {
        Map<String, Change> changes = byEventId(mapper.map(LambdaEvents.resource("table-names.json")));

        assertAll(
                () -> assertEquals("RealTimeDataTable", changes.get("standard").source().table()),
                () -> assertEquals("sensor.readings_v2-prod", changes.get("china-partition-dotted-name").source().table()),
                () -> assertEquals("RealTimeDataTable", changes.get("govcloud").source().table()));
    }

    @Test
    void modifyBecomesUpdatedWithChangedAddedAndRemovedFields() {
        Change.Updated updated = assertInstanceOf(Change.Updated.class,
                byEventId(mapper.map(LambdaEvents.resource("modifies.json"))).get("changed-added-removed"));

        Diff diff = updated.diff().orElseThrow();
        assertAll(
                () -> assertEquals(Map.of("status", new FieldChange(s("ok"), s("alarm")),
                        "readings", new FieldChange(list(n("1")), list(n("1"), n("2")))), diff.changed()),
                () -> assertEquals(Map.of("acknowledged", bool(false)), diff.added()),
                () -> assertEquals(Map.of("note", s("installed")), diff.removed()),
                () -> assertEquals(Set.of("acknowledged", "note", "readings", "status"), diff.fieldNames()));
    }

    @Test
    void rewriteWithEqualImagesIsAnUpdateWithAnEmptyDiff() {
        Change.Updated updated = assertInstanceOf(Change.Updated.class,
                byEventId(mapper.map(LambdaEvents.resource("modifies.json"))).get("rewrite-with-equal-images"));

        assertTrue(updated.diff().orElseThrow().isEmpty(), () -> "diff: " + updated.diff());
    }

    @Test
    void readableRecordIsReferencedByItsSequenceNumberAndEventId() {
        StreamRecord record = mapper.map(LambdaEvents.resource("removes.json")).get(0);

        assertAll(
                () -> assertEquals("4800000000012345678902", record.ref().sequenceNumber()),
                () -> assertEquals("ttl-expiry", record.ref().eventId()));
    }

    private static void assertView(Change change, ChangeKind kind, StreamView view, Set<ImageRole> missing) {
        assertAll(change.source().eventId(),
                () -> assertEquals(kind, change.kind()),
                () -> assertEquals(view, change.source().view()),
                () -> assertEquals(missing, change.missingImages()));
    }

    private static BigDecimal number(Item image, String name) {
        return ((Value.Num) image.get(name).orElseThrow()).value();
    }

    private static Instant createdAt(Map<String, Change> changes, String eventId) {
        return changes.get(eventId).source().approximateCreationTime();
    }

    static Change readable(StreamRecord record) {
        if (record instanceof StreamRecord.Unreadable unreadable) {
            throw new AssertionError("expected a readable record, got: " + unreadable.problem());
        }
        return ((StreamRecord.Readable) record).change();
    }

    static Map<String, Change> byEventId(List<StreamRecord> records) {
        return records.stream().map(DynamodbEventMapperTest::readable)
                .collect(Collectors.toMap(c -> c.source().eventId(), c -> c, (a, b) -> a, LinkedHashMap::new));
    }
}

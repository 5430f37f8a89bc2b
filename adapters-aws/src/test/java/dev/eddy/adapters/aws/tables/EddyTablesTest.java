package dev.eddy.adapters.aws.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class EddyTablesTest {

    @Test
    void sourceTableHasIdHashTimestampRangeAndBothImagesStream() {
        CreateTableRequest table = EddyTables.sourceTable().build();

        assertEquals("RealTimeDataTable", table.tableName());
        assertEquals(List.of("id:HASH", "timestamp:RANGE"), keys(table));
        assertEquals(List.of("id:S", "timestamp:N"), attributes(table));
        assertTrue(table.streamSpecification().streamEnabled());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, table.streamSpecification().streamViewType());
        assertEquals("expiresAt", EddyTables.sourceTableTimeToLive("RealTimeDataTable")
                .timeToLiveSpecification().attributeName());
    }

    @Test
    void projectionAndLedgerTablesHaveTheirKeysAndNoStream() {
        CreateTableRequest projection = EddyTables.projectionTable("Projections").build();
        CreateTableRequest ledger = EddyTables.ledgerTable("Ledger").build();

        assertEquals(List.of("pk:HASH", "sk:RANGE"), keys(projection));
        assertEquals(List.of("pk:S", "sk:S"), attributes(projection));
        assertEquals(List.of("id:HASH"), keys(ledger));
        assertEquals(null, projection.streamSpecification());
        assertEquals("expiresAt", EddyTables.ledgerTableTimeToLive("Ledger").timeToLiveSpecification().attributeName());
        assertTrue(EddyTables.ledgerTableTimeToLive("Ledger").timeToLiveSpecification().enabled());
    }

    @Test
    void invalidTableNameIsRejectedWithItsName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EddyTables.ledgerTable("no spaces"));
        assertTrue(error.getMessage().contains("'no spaces'"), error.getMessage());
    }

    private static List<String> keys(CreateTableRequest table) {
        return table.keySchema().stream()
                .map(k -> k.attributeName() + ":" + k.keyType())
                .collect(Collectors.toList());
    }

    private static List<String> attributes(CreateTableRequest table) {
        return table.attributeDefinitions().stream()
                .map(a -> a.attributeName() + ":" + a.attributeType())
                .collect(Collectors.toList());
    }

}

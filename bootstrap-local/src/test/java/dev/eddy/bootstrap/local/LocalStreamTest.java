package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class LocalStreamTest {

    private static ObjectNode key(int n) {
        ObjectNode key = Json.MAPPER.createObjectNode();
        key.putObject("id").put("S", "k" + n);
        return key;
    }

    @Test
    void shardRollsEveryNRecordsIntoAChildWithContiguousSequenceRanges() {
        LocalStream stream = new LocalStream("us-east-1", "000000000000", "T", "KEYS_ONLY",
                Json.MAPPER.createArrayNode(), 3, Instant.now(), 1);
        for (int i = 1; i <= 7; i++) {
            stream.append("INSERT", key(i), null, null, null, Instant.now());
        }

        List<LocalStream.Shard> shards = stream.shards();
        assertEquals(3, shards.size());
        assertNull(shards.get(0).parentId);
        assertEquals(shards.get(0).id, shards.get(1).parentId);
        assertEquals(shards.get(1).id, shards.get(2).parentId);
        assertEquals(List.of(3, 3, 1), List.of(shards.get(0).records.size(), shards.get(1).records.size(),
                shards.get(2).records.size()));
        BigInteger expected = LocalStream.sequence(1);
        for (LocalStream.Shard shard : shards) {
            assertEquals(expected, shard.start, "a shard starts at its first record");
            for (ObjectNode record : shard.records) {
                assertEquals(expected.toString(), record.path("dynamodb").path("SequenceNumber").asText());
                expected = expected.add(BigInteger.ONE);
            }
            if (shard.closed()) {
                assertEquals(expected.subtract(BigInteger.ONE), shard.end, "a closed shard ends at its last record");
            }
        }
        assertNull(shards.get(2).end);
        assertEquals(21, LocalStream.sequence(1).toString().length());
    }
}

package dev.eddy.adapters.aws.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamArnsTest {

    @ParameterizedTest
    @CsvSource({
            "arn:aws:dynamodb:eu-west-1:111122223333:table/RealTimeDataTable/stream/2025-11-01T08:15:30.123, RealTimeDataTable",
            "arn:aws-cn:dynamodb:cn-north-1:111122223333:table/a.b_c-1/stream/2025-11-01T08:15:30.123, a.b_c-1",
            "arn:aws:dynamodb:us-east-1:123456789012:table/Example-Table, Example-Table",
            "arn:aws:dynamodb:us-east-1:🦊:table/NewOldTable-7U1U2U9UKTB7/stream/2020-07-16T21:40:16.952, NewOldTable-7U1U2U9UKTB7"
    })
    void tableNameIsReadFromTableAndStreamArns(String arn, String table) {
        assertEquals(table, StreamArns.tableName(arn));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "eventsource_arn",
            "arn:",
            "arn:aws:dynamodb",
            "arn:aws:dynamodb:eu-west-1:111122223333",
            "arn::dynamodb:eu-west-1:111122223333:table/RealTimeDataTable/stream/x",
            "arn:aws:dynamodbx:eu-west-1:111122223333:table/RealTimeDataTable/stream/x",
            "arn:aws:dynamo:eu-west-1:111122223333:table/RealTimeDataTable/stream/x",
            "arn:aws:kinesis:eu-west-1:111122223333:stream/RealTimeDataTable",
            "arn:aws:dynamodb:eu-west-1:111122223333:global-table/RealTimeDataTable",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/RealTimeDataTable/index/byTime",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/RealTimeDataTable/stream/",
            "arn:aws:dynamodb:eu-west-1:111122223333:table//stream/2025-11-01T08:15:30.123",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/ab/stream/2025-11-01T08:15:30.123",
            "arn:{{{partition}}}:dynamodb:{{{region}}}:{{{account_id}}}:table/{{{table}}}/stream/2015-06-27T00:48:05.899"
    })
    void anythingElseHasNoTableName(String arn) {
        assertNull(StreamArns.tableName(arn));
    }
}

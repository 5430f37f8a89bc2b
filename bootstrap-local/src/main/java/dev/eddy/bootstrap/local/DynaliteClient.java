package dev.eddy.bootstrap.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Sends DynamoDB JSON-protocol requests to dynalite: the front's own reads and writes, and forwarded client requests. */
final class DynaliteClient {

    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final URI endpoint;
    private final String region;
    private final HttpClient http;

    DynaliteClient(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A reply from dynalite: status and body. */
    static final class Reply {
        final int status;
        final byte[] body;

        Reply(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        boolean ok() {
            return status == 200;
        }

        JsonNode json() {
            return Json.parse(body);
        }
    }

    /** Calls an operation with a body the front built. */
    Reply call(String operation, JsonNode body) throws IOException {
        return send(operation, Json.bytes(body), null);
    }

    /** Forwards a client request body unchanged, keeping the client's signature headers. */
    Reply forward(String operation, byte[] body, String authorization, String amzDate) throws IOException {
        return send(operation, body, authorization == null ? null : new String[] {authorization, amzDate});
    }

    private Reply send(String operation, byte[] body, String[] signature) throws IOException {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        String authorization = signature != null && signature[0] != null ? signature[0]
                : "AWS4-HMAC-SHA256 Credential=local/" + date.substring(0, 8) + "/" + region
                        + "/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=local";
        String amzDate = signature != null && signature[1] != null ? signature[1] : date;
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", CONTENT_TYPE)
                .header("X-Amz-Target", TARGET_PREFIX + operation)
                .header("X-Amz-Date", amzDate)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while calling dynalite " + operation, e);
        }
    }

    /** GetItem with ConsistentRead; the item, or null when there is none. */
    JsonNode getItem(String table, JsonNode key) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("TableName", table);
        body.set("Key", key);
        body.put("ConsistentRead", true);
        Reply reply = call("GetItem", body);
        if (!reply.ok()) {
            throw new DynaliteException("GetItem", reply);
        }
        JsonNode item = reply.json().get("Item");
        return item == null || item.isNull() ? null : item;
    }

    /** dynalite answered an internal call with an error. */
    static final class DynaliteException extends IOException {
        final Reply reply;

        DynaliteException(String operation, Reply reply) {
            super("dynalite " + operation + " failed with HTTP " + reply.status + ": "
                    + new String(reply.body, java.nio.charset.StandardCharsets.UTF_8));
            this.reply = reply;
        }
    }
}

// The same job as the Node baseline (node-baseline/handler.js), written as a straightforward Java
// program, for coldstart.sh: how fast can any Java function do this job from a cold start, with none
// of Eddy's code, features or libraries? It is the Java twin of the Node handler, line for line:
//   init:   read ALERT_RULES and map each rule name to a hand-written predicate (the same five as
//           handler.js's PREDICATES), read the topic, region, endpoint and static credentials;
//   invoke: parse the event file into maps and lists (numbers as doubles, as JavaScript has them),
//           classify each record, build its change document, evaluate the predicates, render the
//           alerts, and send them, ten per signed SNS PublishBatch request, to AWS_ENDPOINT_URL_SNS.
// Like the Node handler it has no ledger, no retries, no projections, no metrics, and does not
// interpret the rules' patterns.
//
// Two ways to send, chosen by the first argument:
//   jdk  the JDK alone: HttpURLConnection, and Signature Version 4 written here with MessageDigest
//        and Mac (the lower bound: no library at all);
//   sdk  the AWS SDK for Java v2 parts Eddy sends with: its URLConnection HTTP client and its SigV4
//        signer (AwsV4HttpSigner), with static credentials (as the Node baseline has them).
// Everything else is the same code in both. jdk-warm and sdk-warm add, in init, a warm-up like Eddy's
// on-demand one (warmUp below), and open the SNS connection as Eddy's does, with an empty PublishBatch
// that SNS rejects (since round 11; before, they opened it in the invocation): the lower bound of what
// Eddy's warm-up can reach. Over HTTPS (coldstart.sh --tls) that moves the TLS handshake into init.
// --self-check signs one request both ways with a fixed clock and fails unless the signatures are
// identical; --alerts prints the alert bodies, which coldstart.sh compares with the Node handler's before
// measuring.
//
//   java -cp eddy-lambda.jar:DIR SameJobFloor jdk|sdk|jdk-warm|sdk-warm EVENT_FILE
//   java -cp DIR SameJobFloor --alerts EVENT_FILE
//   java -cp eddy-lambda.jar:DIR SameJobFloor --self-check
//
// Output: ready_ms=<ms> origin=<exec|process-start> init_ms=.. handle_ms=.. records=.. messages=..
//         publish_calls=.. failures=..  (ready_ms as in JvmFloor.java: from COLDSTART_EXEC_NS)
// With EDDY_COLDSTART_INVOKE_CGROUP_PROCS set (coldstart.sh --lambda-cpu), the process moves itself
// into that cgroup when its invocation starts, after init, as ColdStartMain and run-once.js do.

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class SameJobFloor {
    private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";
    private static final int SNS_BATCH = 10;

    /** One signed PublishBatch: the body, and where and how it goes. */
    interface Sender {
        /** Sends the form body; returns the reply's status and body. */
        String[] send(byte[] body, Clock clock) throws Exception;

        /** The Authorization header this sender would put on the body at that clock. */
        String authorization(byte[] body, Clock clock) throws Exception;
    }

    /** The alerts of a batch, each {sequenceNumber, message, rule, severity, kind, table}, and the records that could not be read. */
    record Alerts(List<String[]> messages, int unreadable) {
    }

    record Rule(String name, String severity, String message, Predicate<Map<String, Object>> matches) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--self-check")) {
            selfCheck();
            return;
        }
        if (args.length == 2 && args[0].equals("--alerts")) {
            for (String[] alert : alerts(loadRules(System.getenv("ALERT_RULES")), records(args[1])).messages()) {
                System.out.println(alert[1]);
            }
            return;
        }
        if (args.length != 2 || !List.of("jdk", "sdk", "jdk-warm", "sdk-warm").contains(args[0])) {
            System.err.println("usage: SameJobFloor jdk|sdk|jdk-warm|sdk-warm EVENT_FILE | SameJobFloor --alerts EVENT_FILE"
                    + " | SameJobFloor --self-check");
            System.exit(2);
        }
        long start = System.nanoTime();
        // --- init: what the Node handler does when it is required ---
        List<Rule> rules = loadRules(System.getenv("ALERT_RULES"));
        String topicArn = System.getenv("ALERT_TOPIC_ARN");
        String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
        String endpoint = System.getenv().getOrDefault("AWS_ENDPOINT_URL_SNS", "https://sns." + region + ".amazonaws.com");
        String keyId = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        Sender sender = args[0].startsWith("jdk")
                ? new JdkSender(URI.create(endpoint), region, keyId, secret)
                : SdkSender.create(URI.create(endpoint), region, keyId, secret);
        if (args[0].endsWith("-warm")) {
            warmUp(rules, topicArn, sender);
            // Opens the connection, as Eddy's warm-up does: SNS must refuse the empty batch, and nothing else.
            String[] reply = sender.send(publishBatchBody(topicArn, List.of()), Clock.systemUTC());
            if (!reply[0].equals("400") || !reply[1].contains("EmptyBatchRequest")) {
                throw new IllegalStateException("the connection warm-up's empty PublishBatch got " + reply[0] + ": " + reply[1]);
            }
        }
        long initNs = System.nanoTime() - start;
        String invokeGroup = System.getenv("EDDY_COLDSTART_INVOKE_CGROUP_PROCS");
        if (invokeGroup != null && !invokeGroup.isEmpty()) {
            Files.writeString(Path.of(invokeGroup), Long.toString(ProcessHandle.current().pid()));
        }
        // --- invoke: the runtime's parse of the event, then handler(event) ---
        long invoked = System.nanoTime();
        List<Object> records = records(args[1]);
        Alerts alerts = alerts(rules, records);
        List<String[]> messages = alerts.messages();
        int calls = 0;
        int failures = alerts.unreadable();
        for (int i = 0; i < messages.size(); i += SNS_BATCH) {
            List<String[]> chunk = messages.subList(i, Math.min(messages.size(), i + SNS_BATCH));
            calls++;
            String[] reply = sender.send(publishBatchBody(topicArn, chunk), Clock.systemUTC());
            if (!reply[0].equals("200")) {
                throw new IllegalStateException("PublishBatch answered " + reply[0] + ": " + reply[1]);
            }
            int failedStart = reply[1].indexOf("<Failed>");
            if (failedStart >= 0) {
                Matcher failed = Pattern.compile("<Id>m(\\d+)</Id>").matcher(reply[1]);
                failed.region(failedStart, reply[1].length());
                while (failed.find()) {
                    failures++;
                }
            }
        }
        long end = System.nanoTime();
        Instant now = Instant.now();
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String exec = System.getenv("COLDSTART_EXEC_NS");
        String ready = exec != null && !exec.isEmpty()
                ? String.format(java.util.Locale.ROOT, "ready_ms=%.1f origin=exec", (nowNs - Long.parseLong(exec.trim())) / 1e6)
                : "ready_ms=-1 origin=none";
        System.out.println(ready + String.format(java.util.Locale.ROOT, " init_ms=%.1f handle_ms=%.1f", initNs / 1e6,
                (end - invoked) / 1e6) + " records=" + records.size() + " messages=" + messages.size()
                + " publish_calls=" + calls + " failures=" + failures);
        System.exit(failures == 0 ? 0 : 1);
    }

    static List<Object> records(String file) throws IOException {
        return asList(asMap(new Json(Files.readString(Path.of(file))).document()).get("Records"));
    }

    /** handler.js's buildAlerts: records to alert messages, in record order. */
    static Alerts alerts(List<Rule> rules, List<Object> records) {
        List<String[]> messages = new ArrayList<>();
        int unreadable = 0;
        for (Object record : records) {
            Map<String, Object> doc;
            try {
                doc = changeDocument(asMap(record));
            } catch (RuntimeException e) {
                unreadable++;
                continue;
            }
            for (Rule rule : rules) {
                if (rule.matches().test(doc)) {
                    Map<String, Object> alert = new LinkedHashMap<>();
                    alert.put("rule", rule.name());
                    alert.put("severity", rule.severity());
                    alert.put("message", render(rule.message(), doc));
                    alert.put("change", doc);
                    messages.add(new String[] {(String) doc.get("sequenceNumber"), Json.write(alert), rule.name(),
                        rule.severity(), (String) doc.get("kind"), (String) doc.get("table")});
                }
            }
        }
        return new Alerts(messages, unreadable);
    }

    /** Rounds of the warm-up, as many as Eddy's on-demand warm-up (Priming.WARM_UP_ROUNDS). */
    private static final int WARM_UP_ROUNDS = 20;

    /**
     * What Eddy's on-demand warm-up does, for this program: in init, where Lambda gives a whole vCPU,
     * runs a synthetic event through the job (parse, change documents, rules, alerts, form bodies and
     * their signatures) without sending anything, so that the invocation finds the classes loaded and
     * the code compiled. One record of each kind, each matching a rule.
     */
    static void warmUp(List<Rule> rules, String topicArn, Sender sender) throws Exception {
        String image = "{\"id\":{\"S\":\"%s\"},\"timestamp\":{\"N\":\"1700000000\"},\"temperature\":{\"N\":\"%s\"},"
                + "\"status\":{\"S\":\"%s\"},\"location\":{\"M\":{\"lat\":{\"N\":\"1.5\"}}},\"tags\":{\"SS\":[\"a\",\"b\"]},"
                + "\"readings\":{\"L\":[{\"N\":\"1\"},{\"NULL\":true},{\"BOOL\":false}]},\"blob\":{\"B\":\"AAEC\"},"
                + "\"counts\":{\"NS\":[\"1\",\"2\"]}}";
        String record = "{\"eventID\":\"warm-%d\",\"eventName\":\"%s\",\"eventSourceARN\":"
                + "\"arn:aws:dynamodb:us-east-1:123456789012:table/warm/stream/2026-01-01T00:00:00.000\",%s\"dynamodb\":"
                + "{\"ApproximateCreationDateTime\":1700000000.5,\"Keys\":{\"id\":{\"S\":\"%s\"}},%s\"SequenceNumber\":\"%d\"}}";
        String ttl = "\"userIdentity\":{\"type\":\"Service\",\"principalId\":\"dynamodb.amazonaws.com\"},";
        String event = "{\"Records\":["
                + String.format(record, 1, "INSERT", "", "s-1", "\"NewImage\":" + String.format(image, "s-1", "81.5", "OK") + ",", 1) + ","
                + String.format(record, 2, "MODIFY", "", "s-2", "\"OldImage\":" + String.format(image, "s-2", "79", "OK")
                        + ",\"NewImage\":" + String.format(image, "s-2", "85", "FAILED") + ",", 2) + ","
                + String.format(record, 3, "REMOVE", ttl, "s-3", "\"OldImage\":" + String.format(image, "s-3", "20", "OK") + ",", 3) + ","
                + String.format(record, 4, "REMOVE", "", "tmp-4", "\"OldImage\":" + String.format(image, "tmp-4", "20", "OK") + ",", 4)
                + "]}";
        Clock clock = Clock.systemUTC();
        int alerts = 0;
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            List<String[]> messages = alerts(rules, asList(asMap(new Json(event).document()).get("Records"))).messages();
            for (int i = 0; i < messages.size(); i += SNS_BATCH) {
                sender.authorization(publishBatchBody(topicArn, messages.subList(i, Math.min(messages.size(), i + SNS_BATCH))), clock);
            }
            alerts += messages.size();
        }
        if (alerts == 0) {
            throw new IllegalStateException("the warm-up raised no alert: it would warm nothing of the alert path");
        }
    }

    // --- the rules: handler.js's PREDICATES ---

    static List<Rule> loadRules(String json) {
        List<Rule> rules = new ArrayList<>();
        if (json == null || json.isEmpty()) {
            return rules;
        }
        for (Object r : asList(new Json(json).document())) {
            Map<String, Object> rule = asMap(r);
            String name = (String) rule.get("name");
            Predicate<Map<String, Object>> predicate = predicate(name);
            if (predicate == null) {
                throw new IllegalArgumentException("ALERT_RULES \"" + name + "\": the same-job floor has no predicate for this rule");
            }
            Object message = rule.get("message");
            rules.add(new Rule(name, (String) rule.get("severity"), message == null ? "" : (String) message, predicate));
        }
        return rules;
    }

    private static Predicate<Map<String, Object>> predicate(String name) {
        switch (name) {
            case "temperature-above-80":
                return doc -> above80(field(doc, "new", "temperature"));
            case "temperature-crossed-80":
                return doc -> above80(field(doc, "new", "temperature"))
                        && ("CREATED".equals(doc.get("kind")) || "UPDATED".equals(doc.get("kind"))
                                && field(doc, "old", "temperature") instanceof Double old && old <= 80);
            case "status-failed":
                return doc -> "UPDATED".equals(doc.get("kind")) && "FAILED".equals(field(doc, "new", "status"))
                        && field(doc, "old", "status") != null && !"FAILED".equals(field(doc, "old", "status"));
            case "item-expired":
                return doc -> "EXPIRED".equals(doc.get("kind"));
            case "temporary-item-deleted":
                return doc -> "DELETED".equals(doc.get("kind")) && field(doc, "keys", "id") instanceof String id
                        && id.startsWith("tmp-");
            default:
                return null;
        }
    }

    private static boolean above80(Object value) {
        return value instanceof Double d && d > 80;
    }

    private static Object field(Map<String, Object> doc, String image, String name) {
        Object map = doc.get(image);
        return map instanceof Map<?, ?> m ? m.get(name) : null;
    }

    // --- the change document: handler.js's changeDocument ---

    static Map<String, Object> changeDocument(Map<String, Object> record) {
        Map<String, Object> d = asMap(record.get("dynamodb"));
        String kind = classify(record);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", kind);
        String arn = (String) record.get("eventSourceARN");
        int tableStart = arn.indexOf(":table/") + 7;
        doc.put("table", arn.substring(tableStart, arn.indexOf('/', tableStart)));
        doc.put("keys", plainImage(asMap(d.get("Keys"))));
        Map<String, Object> oldImage = d.get("OldImage") == null ? null : asMap(d.get("OldImage"));
        Map<String, Object> newImage = d.get("NewImage") == null ? null : asMap(d.get("NewImage"));
        if (oldImage != null) {
            doc.put("old", plainImage(oldImage));
        }
        if (newImage != null) {
            doc.put("new", plainImage(newImage));
        }
        if (kind.equals("UPDATED") && oldImage != null && newImage != null) {
            TreeSet<String> changed = new TreeSet<>();
            for (Map.Entry<String, Object> e : newImage.entrySet()) {
                if (!oldImage.containsKey(e.getKey()) || !sameValue(oldImage.get(e.getKey()), e.getValue())) {
                    changed.add(e.getKey());
                }
            }
            for (String k : oldImage.keySet()) {
                if (!newImage.containsKey(k)) {
                    changed.add(k);
                }
            }
            doc.put("changed", new ArrayList<>(changed));
        }
        doc.put("eventId", record.get("eventID"));
        doc.put("sequenceNumber", d.get("SequenceNumber"));
        double seconds = (Double) d.get("ApproximateCreationDateTime");
        String iso = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli((long) (seconds * 1000)));
        doc.put("at", iso);
        return doc;
    }

    private static String classify(Map<String, Object> record) {
        Object name = record.get("eventName");
        if ("INSERT".equals(name)) {
            return "CREATED";
        }
        if ("MODIFY".equals(name)) {
            return "UPDATED";
        }
        if ("REMOVE".equals(name)) {
            Object who = record.get("userIdentity");
            return who instanceof Map<?, ?> w && "Service".equals(w.get("type")) && TTL_PRINCIPAL.equals(w.get("principalId"))
                    ? "EXPIRED" : "DELETED";
        }
        throw new IllegalArgumentException("record " + record.get("eventID") + ": unknown eventName " + name);
    }

    private static Map<String, Object> plainImage(Map<String, Object> image) {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : image.entrySet()) {
            plain.put(e.getKey(), plain(asMap(e.getValue())));
        }
        return plain;
    }

    private static Object plain(Map<String, Object> av) {
        for (Map.Entry<String, Object> e : av.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "S": case "B": case "BOOL":
                    return v;
                case "N":
                    return Double.valueOf((String) v);
                case "NULL":
                    return null;
                case "M":
                    return plainImage(asMap(v));
                case "L": {
                    List<Object> out = new ArrayList<>();
                    for (Object x : asList(v)) {
                        out.add(plain(asMap(x)));
                    }
                    return out;
                }
                case "SS": case "BS":
                    return new ArrayList<>(asList(v));
                case "NS": {
                    List<Object> out = new ArrayList<>();
                    for (Object x : asList(v)) {
                        out.add(Double.valueOf((String) x));
                    }
                    return out;
                }
                default:
                    throw new IllegalArgumentException("unknown attribute type " + e.getKey());
            }
        }
        throw new IllegalArgumentException("empty attribute value");
    }

    /** Equality of two typed attribute values as DynamoDB means it (handler.js's sameValue). */
    private static boolean sameValue(Object a, Object b) {
        Map<String, Object> x = asMap(a);
        Map<String, Object> y = asMap(b);
        for (Map.Entry<String, Object> e : x.entrySet()) {
            String type = e.getKey();
            if (!y.containsKey(type)) {
                return false;
            }
            Object u = e.getValue();
            Object v = y.get(type);
            switch (type) {
                case "N":
                    return Double.parseDouble((String) u) == Double.parseDouble((String) v);
                case "SS": case "BS":
                    return asList(u).size() == asList(v).size() && asList(v).containsAll(asList(u));
                case "NS": {
                    List<Object> us = asList(u);
                    List<Object> vs = asList(v);
                    if (us.size() != vs.size()) {
                        return false;
                    }
                    outer:
                    for (Object n : us) {
                        for (Object m : vs) {
                            if (Double.parseDouble((String) n) == Double.parseDouble((String) m)) {
                                continue outer;
                            }
                        }
                        return false;
                    }
                    return true;
                }
                case "L": {
                    List<Object> us = asList(u);
                    List<Object> vs = asList(v);
                    if (us.size() != vs.size()) {
                        return false;
                    }
                    for (int i = 0; i < us.size(); i++) {
                        if (!sameValue(us.get(i), vs.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }
                case "M": {
                    Map<String, Object> um = asMap(u);
                    Map<String, Object> vm = asMap(v);
                    if (um.size() != vm.size()) {
                        return false;
                    }
                    for (Map.Entry<String, Object> f : um.entrySet()) {
                        if (!vm.containsKey(f.getKey()) || !sameValue(f.getValue(), vm.get(f.getKey()))) {
                            return false;
                        }
                    }
                    return true;
                }
                default:
                    return u.equals(v);
            }
        }
        return false;
    }

    /** "{keys.id}" becomes the field's value; a missing field renders as "" (handler.js's render). */
    private static String render(String template, Map<String, Object> doc) {
        Matcher m = Pattern.compile("\\{([^{}]+)\\}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = doc;
            for (String piece : m.group(1).split("\\.")) {
                v = v instanceof Map<?, ?> map ? map.get(piece) : null;
            }
            String text = v == null ? "" : v instanceof Map || v instanceof List ? Json.write(v) : Json.number(v);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    // --- SNS PublishBatch in the awsQuery protocol ---

    static byte[] publishBatchBody(String topicArn, List<String[]> chunk) {
        StringBuilder form = new StringBuilder("Action=PublishBatch&Version=2010-03-31&TopicArn=").append(enc(topicArn));
        for (int j = 0; j < chunk.size(); j++) {
            String[] m = chunk.get(j);
            String entry = "&PublishBatchRequestEntries.member." + (j + 1) + ".";
            form.append(entry).append("Id=m").append(j);
            form.append(entry).append("Message=").append(enc(m[1]));
            String[] names = {"rule", "severity", "kind", "table"};
            for (int a = 0; a < names.length; a++) {
                String attr = entry + "MessageAttributes.entry." + (a + 1) + ".";
                form.append(attr).append("Name=").append(names[a]);
                form.append(attr).append("Value.DataType=String");
                form.append(attr).append("Value.StringValue=").append(enc(m[2 + a]));
            }
        }
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Form encoding as SigV4 wants it: RFC 3986 unreserved characters kept, everything else %XX. */
    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** The JDK alone: HttpURLConnection and Signature Version 4 by hand. */
    static final class JdkSender implements Sender {
        /** The headers the SDK's signer signs on this request; the same here, so both do the same work. */
        private static final String SIGNED_HEADERS = "content-length;content-type;host;x-amz-content-sha256;x-amz-date";
        private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        private final URI endpoint;
        private final String region;
        private final String keyId;
        private final String secret;

        JdkSender(URI endpoint, String region, String keyId, String secret) {
            this.endpoint = endpoint;
            this.region = region;
            this.keyId = keyId;
            this.secret = secret;
        }

        @Override
        public String authorization(byte[] body, Clock clock) throws Exception {
            return authorization(sha256(body), body.length, AMZ_DATE.format(clock.instant()));
        }

        private String host() {
            int port = endpoint.getPort();
            boolean defaultPort = port < 0 || (port == 443 && "https".equals(endpoint.getScheme()))
                    || (port == 80 && "http".equals(endpoint.getScheme()));
            return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
        }

        private static String sha256(byte[] bytes) throws Exception {
            return hex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }

        private String authorization(String payloadHash, int length, String amzDate) throws Exception {
            String day = amzDate.substring(0, 8);
            String scope = day + "/" + region + "/sns/aws4_request";
            String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
            String canonical = "POST\n" + path + "\n\n"
                    + "content-length:" + length + "\n"
                    + "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
                    + "host:" + host() + "\n"
                    + "x-amz-content-sha256:" + payloadHash + "\n"
                    + "x-amz-date:" + amzDate + "\n\n"
                    + SIGNED_HEADERS + "\n"
                    + payloadHash;
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + sha256(canonical.getBytes(StandardCharsets.UTF_8));
            byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
            key = hmac(key, region);
            key = hmac(key, "sns");
            key = hmac(key, "aws4_request");
            return "AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope
                    + ", SignedHeaders=" + SIGNED_HEADERS + ", Signature=" + hex(hmac(key, toSign));
        }

        @Override
        public String[] send(byte[] body, Clock clock) throws Exception {
            String amzDate = AMZ_DATE.format(clock.instant());
            HttpURLConnection http = (HttpURLConnection) endpoint.toURL().openConnection();
            http.setConnectTimeout(1000);
            http.setReadTimeout(3000);
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setFixedLengthStreamingMode(body.length);
            http.setRequestProperty("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            http.setRequestProperty("X-Amz-Date", amzDate);
            String payloadHash = sha256(body);
            http.setRequestProperty("X-Amz-Content-Sha256", payloadHash);
            http.setRequestProperty("Authorization", authorization(payloadHash, body.length, amzDate));
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            int status = http.getResponseCode();
            try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
                return new String[] {Integer.toString(status), in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8)};
            }
        }

        private static byte[] hmac(byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }

        private static String hex(byte[] bytes) {
            StringBuilder s = new StringBuilder(bytes.length * 2);
            for (byte b : bytes) {
                s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return s.toString();
        }
    }

    /** The AWS SDK for Java v2's URLConnection HTTP client and SigV4 signer, as Eddy sends with them. */
    static final class SdkSender implements Sender {
        private final software.amazon.awssdk.http.SdkHttpClient http;
        private final software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner signer =
                software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create();
        private final URI endpoint;
        private final String region;
        private final software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials;

        private SdkSender(software.amazon.awssdk.http.SdkHttpClient http, URI endpoint, String region,
                          software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
            this.http = http;
            this.endpoint = endpoint;
            this.region = region;
            this.credentials = credentials;
        }

        static SdkSender create(URI endpoint, String region, String keyId, String secret) {
            return new SdkSender(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
                    .connectionTimeout(java.time.Duration.ofSeconds(1))
                    .socketTimeout(java.time.Duration.ofSeconds(3))
                    .build(), endpoint, region,
                    software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(keyId, secret)));
        }

        private software.amazon.awssdk.http.auth.spi.signer.SignedRequest sign(byte[] body, Clock clock) {
            software.amazon.awssdk.http.SdkHttpFullRequest request = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
                    .method(software.amazon.awssdk.http.SdkHttpMethod.POST)
                    .uri(endpoint)
                    .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .putHeader("Content-Length", Integer.toString(body.length))
                    .build();
            var identity = credentials.resolveCredentials();
            return signer.sign(r -> r.identity(identity)
                    .request(request)
                    .payload(() -> new java.io.ByteArrayInputStream(body))
                    .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sns")
                    .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, clock));
        }

        @Override
        public String authorization(byte[] body, Clock clock) {
            return sign(body, clock).request().firstMatchingHeader("Authorization").orElseThrow();
        }

        @Override
        public String[] send(byte[] body, Clock clock) throws Exception {
            var signed = sign(body, clock);
            var response = http.prepareRequest(software.amazon.awssdk.http.HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(() -> new java.io.ByteArrayInputStream(body))
                    .build()).call();
            String reply = "";
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new String[] {Integer.toString(response.httpResponse().statusCode()), reply};
        }
    }

    /**
     * Signs one PublishBatch body both ways at a fixed time and fails unless the Authorization
     * headers are identical: the hand-written SigV4 is the SDK's, so the two senders do the same work.
     */
    static void selfCheck() throws Exception {
        List<String[]> chunk = List.<String[]>of(new String[] {"1", "{\"rule\":\"r\",\"message\":\"caf\u00e9 * ~ 100% + {x}\"}", "r",
            "WARNING", "UPDATED", "readings"});
        byte[] body = publishBatchBody("arn:aws:sns:us-east-1:123456789012:eddy-alerts", chunk);
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T03:04:05Z"), ZoneOffset.UTC);
        for (String endpoint : new String[] {"http://127.0.0.1:45678", "https://sns.eu-west-1.amazonaws.com"}) {
            String region = endpoint.contains("eu-west-1") ? "eu-west-1" : "us-east-1";
            String jdk = new JdkSender(URI.create(endpoint), region, "AKIDEXAMPLE", "secret").authorization(body, clock);
            String sdk = SdkSender.create(URI.create(endpoint), region, "AKIDEXAMPLE", "secret").authorization(body, clock);
            if (!jdk.equals(sdk)) {
                System.err.println("self-check FAILED for " + endpoint + ":\n  jdk " + jdk + "\n  sdk " + sdk);
                System.exit(1);
            }
        }
        System.out.println("self-check ok: the hand-written SigV4 signs as the SDK's AwsV4HttpSigner does");
    }

    // --- JSON: what JSON.parse and JSON.stringify do for the Node handler ---

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        if (o instanceof Map<?, ?>) {
            return (Map<String, Object>) o;
        }
        throw new IllegalArgumentException("expected an object, got " + (o == null ? "null" : o.getClass().getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        if (o instanceof List<?>) {
            return (List<Object>) o;
        }
        throw new IllegalArgumentException("expected an array, got " + (o == null ? "null" : o.getClass().getSimpleName()));
    }

    /** A small recursive-descent JSON parser: objects to LinkedHashMap, arrays to ArrayList, numbers to Double. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            space();
            if (i != s.length()) {
                throw error("trailing characters");
            }
            return v;
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> map = new LinkedHashMap<>();
                    space();
                    if (peek('}')) {
                        return map;
                    }
                    do {
                        space();
                        String key = string();
                        space();
                        expect(':');
                        map.put(key, value());
                        space();
                    } while (peek(','));
                    expect('}');
                    return map;
                }
                case '[': {
                    i++;
                    List<Object> list = new ArrayList<>();
                    space();
                    if (peek(']')) {
                        return list;
                    }
                    do {
                        list.add(value());
                        space();
                    } while (peek(','));
                    expect(']');
                    return list;
                }
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default: {
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    if (start == i) {
                        throw error("unexpected character '" + c + "'");
                    }
                    return Double.valueOf(s.substring(start, i));
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = null;
            int start = i;
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i);
                if (c == '"') {
                    String tail = s.substring(start, i++);
                    return out == null ? tail : out.append(tail).toString();
                }
                if (c == '\\') {
                    if (out == null) {
                        out = new StringBuilder();
                    }
                    out.append(s, start, i);
                    char e = s.charAt(i + 1);
                    i += 2;
                    switch (e) {
                        case 'n': out.append('\n'); break;
                        case 't': out.append('\t'); break;
                        case 'r': out.append('\r'); break;
                        case 'b': out.append('\b'); break;
                        case 'f': out.append('\f'); break;
                        case 'u': out.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: out.append(e);
                    }
                    start = i;
                } else {
                    i++;
                }
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, i)) {
                throw error("unexpected literal");
            }
            i += word.length();
            return value;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at offset " + i);
        }

        static String write(Object v) {
            StringBuilder out = new StringBuilder();
            write(out, v);
            return out.toString();
        }

        /** A number as JSON.stringify writes it: integers without ".0". */
        static String number(Object v) {
            if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e21) {
                return Long.toString(d.longValue());
            }
            return String.valueOf(v);
        }

        private static void write(StringBuilder out, Object v) {
            if (v == null) {
                out.append("null");
            } else if (v instanceof String text) {
                out.append('"');
                for (int k = 0; k < text.length(); k++) {
                    char c = text.charAt(k);
                    switch (c) {
                        case '"': out.append("\\\""); break;
                        case '\\': out.append("\\\\"); break;
                        case '\n': out.append("\\n"); break;
                        case '\r': out.append("\\r"); break;
                        case '\t': out.append("\\t"); break;
                        default:
                            if (c < 0x20) {
                                out.append(String.format("\\u%04x", (int) c));
                            } else {
                                out.append(c);
                            }
                    }
                }
                out.append('"');
            } else if (v instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(out, e.getKey());
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            } else if (v instanceof List<?> list) {
                out.append('[');
                for (int k = 0; k < list.size(); k++) {
                    if (k > 0) {
                        out.append(',');
                    }
                    write(out, list.get(k));
                }
                out.append(']');
            } else {
                out.append(number(v));
            }
        }
    }
}

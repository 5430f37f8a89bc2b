package dev.eddy.benchmarks;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * What any pipeline must do to put the alerts it found on the wire as Eddy's pipeline does, done as
 * cheaply as we know how: write the same PublishBatch form bodies from the alerts' texts, and sign
 * each with SigV4. Nothing else: no reading, no rules, no rendering (the texts are given), no HTTP
 * client, no reply.
 *
 * <p>Written for speed with the JDK alone, as a program that did only this would be: the parameter
 * names, which the protocol fixes, are bytes made once; the values are form-encoded straight
 * into one reused buffer; the signing key, which changes once a day, is derived once; one
 * {@link MessageDigest} and one {@link Mac} serve every request. Built from the bodies the pipeline
 * really sent, it checks that it writes them byte for byte, and that its signature of each is the SDK
 * signer's ({@link AwsV4HttpSigner}) for the same body, headers and time: it does the same work, no less.
 *
 * <p>Against the token-scan floor it bounds how close to the floor any pipeline that reads the event
 * and sends these requests can come: such a pipeline takes at least the floor's time to read the
 * event (the floor being the cheapest read of it measured) plus this.
 */
final class SignedRequests {
    static final String REGION = "us-east-1";
    static final String HOST = "sns." + REGION + ".amazonaws.com";
    private static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String SIGNED_HEADERS = "content-length;content-type;host;x-amz-content-sha256;x-amz-date";
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "example-secret-not-a-key";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /**
     * Each ASCII character's form encoding ({@code URLEncoder}'s rules: {@code a-z A-Z 0-9 - _ . *}
     * kept, a space as {@code +}, any other as {@code %XX}): up to three bytes, low byte first, and
     * their count in the top byte.
     */
    private static final int[] ASCII = new int[128];

    static {
        for (int c = 0; c < 128; c++) {
            boolean kept = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '*';
            ASCII[c] = kept ? c | 1 << 24
                    : c == ' ' ? '+' | 1 << 24
                    : '%' | UPPER_HEX[c >> 4] << 8 | UPPER_HEX[c & 0xF] << 16 | 3 << 24;
        }
    }

    /** One request's parameters: each name already as its bytes, each value as the text to encode. */
    private record Form(byte[][] names, String[] values) {
    }

    private final Form[] forms;
    private final Instant signedAt;
    private final String amzDate;
    private final String scope;
    private final MessageDigest sha256;
    private final Mac signingMac;
    private byte[] buffer = new byte[1 << 16];
    private char[] chars = new char[1 << 12];

    SignedRequests(List<byte[]> bodies, Instant signedAt) {
        this.forms = new Form[bodies.size()];
        for (int i = 0; i < forms.length; i++) {
            forms[i] = parse(bodies.get(i));
        }
        this.signedAt = signedAt;
        this.amzDate = AMZ_DATE.format(signedAt);
        String day = amzDate.substring(0, 8);
        this.scope = day + "/" + REGION + "/sns/aws4_request";
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), day);
            key = hmac(key, REGION);
            key = hmac(key, "sns");
            key = hmac(key, "aws4_request");
            signingMac = Mac.getInstance("HmacSHA256");
            signingMac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < forms.length; i++) {
            byte[] written = Arrays.copyOf(buffer, write(forms[i]));
            int differs = Arrays.mismatch(written, bodies.get(i));
            if (differs >= 0) {
                throw new IllegalStateException("request " + i + " is not written as the pipeline sent it, from byte " + differs
                        + ": sent \"" + excerpt(bodies.get(i), differs) + "\", written \"" + excerpt(written, differs) + "\"");
            }
        }
        for (int i = 0; i < forms.length; i++) {
            String mine = authorization(i);
            String sdks = sdkAuthorization(bodies.get(i), signedAt);
            if (!mine.equals(sdks)) {
                throw new IllegalStateException("request " + i + "'s SigV4 signature is not the SDK signer's:\n  mine " + mine
                        + "\n  sdk's " + sdks);
            }
        }
    }

    /** Writes and signs every request; answers a byte of each signature, so that none is skipped. */
    long run() {
        long sum = 0;
        for (Form form : forms) {
            byte[] signature = sign(write(form));
            sum += signature[0];
        }
        return sum;
    }

    /** Request {@code i}'s Authorization header, written the way {@link #run} signs it. */
    String authorization(int i) {
        byte[] signature = sign(write(forms[i]));
        return "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/" + scope + ", SignedHeaders=" + SIGNED_HEADERS
                + ", Signature=" + new String(hex(signature), StandardCharsets.US_ASCII);
    }

    /** Writes the form body into {@link #buffer}; answers its length. */
    private int write(Form form) {
        int at = 0;
        for (int p = 0; p < form.names.length; p++) {
            byte[] name = form.names[p];
            String value = form.values[p];
            // Room for the worst case: every char of the value as three UTF-8 bytes, each as %XX.
            int room = at + name.length + 2 + value.length() * 9;
            if (room > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(room, buffer.length * 2));
            }
            if (p > 0) {
                buffer[at++] = '&';
            }
            System.arraycopy(name, 0, buffer, at, name.length);
            at += name.length;
            buffer[at++] = '=';
            at = encode(value, at);
        }
        return at;
    }

    /**
     * Form-encodes {@code value} as UTF-8 into the buffer at {@code at}, as {@code URLEncoder} does.
     * An ASCII character is written without a branch: its encoding's three bytes from a table, then
     * the position moved by the encoding's length.
     */
    private int encode(String value, int at) {
        byte[] out = buffer;
        int length = value.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        char[] in = chars;
        value.getChars(0, length, in, 0);
        for (int i = 0; i < length; i++) {
            char c = in[i];
            if (c < 0x80) {
                int e = ASCII[c];
                out[at] = (byte) e;
                out[at + 1] = (byte) (e >> 8);
                out[at + 2] = (byte) (e >> 16);
                at += e >>> 24;
            } else if (c < 0x800) {
                at = percent(out, at, 0xC0 | (c >> 6));
                at = percent(out, at, 0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(in[i + 1])) {
                int cp = Character.toCodePoint(c, in[++i]);
                at = percent(out, at, 0xF0 | (cp >> 18));
                at = percent(out, at, 0x80 | ((cp >> 12) & 0x3F));
                at = percent(out, at, 0x80 | ((cp >> 6) & 0x3F));
                at = percent(out, at, 0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                at = percent(out, at, '?');   // a lone surrogate, as String.getBytes writes it
            } else {
                at = percent(out, at, 0xE0 | (c >> 12));
                at = percent(out, at, 0x80 | ((c >> 6) & 0x3F));
                at = percent(out, at, 0x80 | (c & 0x3F));
            }
        }
        return at;
    }

    private static int percent(byte[] out, int at, int b) {
        out[at] = '%';
        out[at + 1] = UPPER_HEX[(b >> 4) & 0xF];
        out[at + 2] = UPPER_HEX[b & 0xF];
        return at + 3;
    }

    /** SigV4 over the body in the buffer: its hash, the canonical request's, the HMAC of the string to sign. */
    private byte[] sign(int length) {
        sha256.update(buffer, 0, length);
        byte[] payloadHash = hex(sha256.digest());
        StringBuilder canonical = new StringBuilder(400)
                .append("POST\n/\n\ncontent-length:").append(length)
                .append("\ncontent-type:").append(CONTENT_TYPE)
                .append("\nhost:").append(HOST)
                .append("\nx-amz-content-sha256:");
        appendAscii(canonical, payloadHash)
                .append("\nx-amz-date:").append(amzDate)
                .append("\n\n").append(SIGNED_HEADERS).append('\n');
        appendAscii(canonical, payloadHash);
        byte[] canonicalHash = hex(sha256.digest(canonical.toString().getBytes(StandardCharsets.US_ASCII)));
        StringBuilder toSign = new StringBuilder(160).append("AWS4-HMAC-SHA256\n").append(amzDate).append('\n')
                .append(scope).append('\n');
        appendAscii(toSign, canonicalHash);
        return signingMac.doFinal(toSign.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static StringBuilder appendAscii(StringBuilder out, byte[] ascii) {
        for (byte b : ascii) {
            out.append((char) b);
        }
        return out;
    }

    private static byte[] hex(byte[] bytes) {
        byte[] hex = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            hex[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return hex;
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String excerpt(byte[] bytes, int from) {
        return new String(bytes, from, Math.min(40, bytes.length - from), StandardCharsets.US_ASCII);
    }

    /** A body the pipeline sent, as parameter names (bytes, kept as they came) and decoded values. */
    private static Form parse(byte[] body) {
        String form = new String(body, StandardCharsets.US_ASCII);
        List<byte[]> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String pair : form.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("not a form parameter: " + pair);
            }
            names.add(pair.substring(0, eq).getBytes(StandardCharsets.US_ASCII));
            values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return new Form(names.toArray(byte[][]::new), values.toArray(String[]::new));
    }

    /** The SDK signer's Authorization header for this body, as Eddy's SNS client signs it, at this time. */
    private static String sdkAuthorization(byte[] body, Instant at) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("https://" + HOST))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create(KEY_ID, SECRET))
                        .request(request)
                        .payload(() -> new ByteArrayInputStream(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sns")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElseThrow();
    }
}

package dev.tokenauthority.app.battery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Turns one endpoint of the {@link ApiContract} into a random request a careless, confused or hostile client could
 * send: path variables in every textual form an id takes (and many it must not), other methods, query strings
 * (the endpoint's own parameters, from the service's OpenAPI description, with hostile values: a NUL among them),
 * credentials, content types, accept headers, oversized and malformed headers, and bodies that are the valid one
 * with a field dropped, retyped, duplicated, made huge or followed by trailing data, or not JSON at all. Seeded:
 * the same seed sends the same requests. The result is the raw request, as bytes in ISO-8859-1 (so that invalid
 * UTF-8 can be sent too).
 */
final class RequestFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
            "FOO", "get", "PROPFIND", "CONNECT"};
    private static final String[] CONTENT_TYPES = {null, "text/plain", "application/json; charset=ISO-8859-1",
            "application/json;charset=utf-16", "application/xml", "multipart/form-data; boundary=x",
            "application/merge-patch+json", "garbage", "application/x-www-form-urlencoded", "application/json",
            "application/problem+json", "*/*"};
    private static final String[] ACCEPTS = {"*/*", "application/json", "application/xml", "text/html",
            "application/problem+json", "garbage/", "application/x-ndjson", "text/event-stream", "image/png"};

    /** Values for a query parameter the endpoint takes: controls (a NUL among them), sizes, forms, a secret. */
    private static final String[] PARAMETER_VALUES = {"%00", "a%00b", "%01", "%1b%5B31m", "%0d%0aX-Injected:%20yes",
            "", "%20", "x".repeat(5_000), "%C0%AF", "%F0%9F%98%80", "%C3%BC", "%FF", "-1", "0", "99999999999999999999",
            "1e3", "%25", "!%25_", "%zz", "%", "a=b", "team%3Dblue", "%3D", "k=v&label=k=w", "2026-13-45T99:00:00Z",
            "null", "true", "query", "manage", "active", "<script>"};

    private final Random random;
    private final String adminKey;
    private final String aTokenSecret;
    private final Map<String, List<String>> queryParameters;

    RequestFuzzer(Random random, String adminKey, String aTokenSecret) {
        this(random, adminKey, aTokenSecret, Map.of());
    }

    /** {@code queryParameters}: each endpoint's, by {@link ApiContract.Endpoint#shape()} ({@link ApiContract#queryParameters}). */
    RequestFuzzer(Random random, String adminKey, String aTokenSecret, Map<String, List<String>> queryParameters) {
        this.random = random;
        this.adminKey = adminKey;
        this.aTokenSecret = aTokenSecret;
        this.queryParameters = queryParameters;
    }

    /** A request for {@code endpoint}, its path variables filled from {@code fixture} (or mutated). */
    Request next(ApiContract.Endpoint endpoint, Map<String, String> fixture) {
        String method = chance(0.85) ? endpoint.method() : pick(METHODS);
        String target = fillPath(endpoint.path(), fixture);
        List<String> parameters = queryParameters.getOrDefault(endpoint.shape(), List.of());
        if (!parameters.isEmpty() && chance(0.3)) {
            String value = chance(0.1) ? aTokenSecret : pick(PARAMETER_VALUES);
            target += (target.contains("?") ? "&" : "?") + pick(parameters.toArray(String[]::new)) + "=" + value;
        }
        if (chance(0.1)) {
            target += (target.contains("?") ? "&" : "?") + pick(new String[] {"x=1", "access_token=" + aTokenSecret,
                    "pageSize=-1", "%zz", "a=%", "q=" + "y".repeat(10_000), "projectId=", "action=manage", "action=%00"});
        }
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        String authorization = chance(0.85) ? "Bearer " + adminKey : pick(new String[] {null, "Bearer", "Bearer ",
                "Bearer " + garbage(40), "Basic YWRtaW46YWRtaW4=", "Bearer " + aTokenSecret, "bearer " + adminKey,
                "Bearer " + adminKey + "   ", "Bearer tksa_" + garbage(49), "Bearer " + adminKey + "\r\nAuthorization: Bearer x"});
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        String contentType = endpoint.contentType() != null && chance(0.7) ? endpoint.contentType() : pick(CONTENT_TYPES);
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (chance(0.5)) {
            head.append("Accept: ").append(pick(ACCEPTS)).append("\r\n");
        }
        if (chance(0.05)) {
            head.append("X-Padding: ").append("p".repeat(random.nextInt(4) == 0 ? 70_000 : 9_000)).append("\r\n");
        }
        if (chance(0.05)) {
            head.append(pick(new String[] {"Bad Header: x", "X-Request-Id: " + garbage(300), "Cookie: " + garbage(200),
                    "X-Token-Authority-Client-Address: 10.1.2.3", "X-Forwarded-For: 10.9.9.9", "Content-Encoding: gzip",
                    "Expect: 100-continue", "X-Token-Authority-Gateway-Key: " + garbage(30), "Range: bytes=0-1"}))
                    .append("\r\n");
        }
        byte[] body = body(endpoint);
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        String request = head + (body == null ? "" : new String(body, StandardCharsets.ISO_8859_1));
        return new Request(method, target, request);
    }

    record Request(String method, String target, String raw) {
    }

    private String fillPath(String path, Map<String, String> fixture) {
        String filled = path;
        for (Map.Entry<String, String> variable : fixture.entrySet()) {
            String placeholder = "{" + variable.getKey() + "}";
            while (filled.contains(placeholder)) {
                String value = chance(0.7) ? variable.getValue() : idForm(variable.getValue());
                filled = filled.replaceFirst(java.util.regex.Pattern.quote(placeholder), java.util.regex.Matcher.quoteReplacement(value));
            }
        }
        return filled;
    }

    /** Every textual form a client might send for an id, and many it must not. */
    private String idForm(String id) {
        List<String> forms = List.of("", " ", id.toUpperCase(), id + "%20", "%20" + id, id + "%2F..", "..", ".",
                "%2e%2e", "%00", id + "%00", "%zz", "%", "%C0%AF", "ü", "%C3%BC", "\u00f0\u009f\u0098\u0080",
                "a".repeat(64), "a".repeat(1_000), "a".repeat(9_000), "{" + id + "}", id + ";x=y", "-1", "0", "1e9",
                "null", "*", id + "/x", "%5C", "\\", "<script>", UUID.randomUUID().toString(),
                UUID.randomUUID().toString().toUpperCase(), UUID.randomUUID().toString().replace("-", ""),
                aTokenSecret, "..%2F..%2Fetc%2Fpasswd", "%252e", id + "?", id + "#x", "\t", "%0d%0aX-Injected:%20yes");
        return forms.get(random.nextInt(forms.size()));
    }

    private byte[] body(ApiContract.Endpoint endpoint) {
        if (endpoint.body() == null) {
            return chance(0.1) ? bytes(pick(new String[] {"{}", "{\"name\":\"x\"}", "garbage", "null"})) : null;
        }
        if (chance(0.2)) {
            return bytes(endpoint.body().replace("{t-secret}", aTokenSecret));
        }
        if (!endpoint.body().startsWith("{")) { // the login form
            return bytes(pick(new String[] {"token=&state=", "token=" + aTokenSecret, "state=" + garbage(5_000),
                    "token=%zz&state=%", "a=b", "token=" + aTokenSecret + "&token=" + aTokenSecret, ""}));
        }
        return mutatedJson(endpoint.body());
    }

    private byte[] mutatedJson(String valid) {
        ObjectNode node;
        try {
            node = (ObjectNode) JSON.readTree(valid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(16)) {
            case 0 -> node.remove(field);
            case 1 -> node.put(field, random.nextInt());
            case 2 -> node.put(field, random.nextBoolean());
            case 3 -> node.putNull(field);
            case 4 -> node.putArray(field).add("x");
            case 5 -> node.putObject(field).put("x", "y");
            case 6 -> node.put(field, "z".repeat(random.nextInt(3) == 0 ? 2_000_000 : 100_000));
            case 7 -> node.put(field, "ctl\u0000\u0007\u001b[31m\r\n" + garbage(10));
            case 8 -> node.put(field, "名前 😀 \u202e");
            case 9 -> node.put(field, aTokenSecret);
            case 10 -> node.put("unknownField", "x");
            case 11 -> {
                return bytes(valid.substring(0, valid.length() - 1) + ",\"" + field + "\":\"duplicate\"}");
            }
            case 12 -> {
                return bytes(valid + pick(new String[] {"x", "{}", " {\"a\":1}", "]", "\u0000"}));
            }
            case 13 -> {
                return bytes(valid.substring(0, random.nextInt(valid.length())));
            }
            case 14 -> {
                int depth = 5_000;
                return bytes("{\"" + field + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
            }
            default -> {
                return pick(new byte[][] {new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'},
                        bytes(""), bytes("null"), bytes("[]"), bytes("42"), bytes("\"string\""), bytes(garbage(200)),
                        bytes("{\"" + aTokenSecret + "\":\"x\"}")});
            }
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String garbage(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (33 + random.nextInt(94)));
        }
        return text.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }
}

package io.shipsync.infra.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Fuzzes every operation of a running service's OpenAPI document ({@code /q/openapi?format=json}): each request is
 * built from the operation's parameters and request body schema, then mangled (wrong types, huge and negative
 * numbers, very long strings, unicode edge cases, missing and extra fields, malformed JSON, wrong content types).
 * Everything comes from one {@link Random} seed, so a failure printed with its seed and request is reproducible.
 * An answer passes when it is below 500 and every 4xx is {@code application/problem+json} with {@code status} and
 * {@code title}; a request sent for another shop must get 403.
 */
public final class OpenApiFuzzer {

    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final String[] NASTY_STRINGS = {
        "", " ", "\u0000", "a\u0000b", "\uD800", "\uDC00x", "x\uDBFF", "\u202Eevil\u202C", "مرحبا بالعالم", "שלום",
        "a\u200Bb\u200C\u200D\uFEFF", "\uD83D\uDE00\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "微信小店",
        "'; DROP TABLE stock; --", "%00%2e%2e%2f", "../../etc/passwd", "${jndi:ldap://x}", "<script>alert(1)</script>",
        "null", "true", "-1", "1e999", "\t\r\n", "\\", "\"", "\u00e9\u0301", "\uFFFF", "\uFFFE"
    };
    private static final Object[] NASTY_NUMBERS = {
        0, -1, -2_147_483_648L, 2_147_483_647, 2_147_483_648L, Long.MAX_VALUE, Long.MIN_VALUE,
        new BigInteger("9223372036854775808"), new BigInteger("-99999999999999999999999999"),
        new BigDecimal("1e400"), new BigDecimal("-1e400"), 0.5, -0.0001, 1e308, new BigDecimal("4.9e-324")
    };

    private final URI base;
    private final long seed;
    private final Random random;
    private final String shopId;
    private final String otherShopId;
    private final Map<String, List<String>> pathValues = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private JsonNode document;

    /** Fuzzes the service at {@code base} with tokens for {@code shopId}, now and then on {@code otherShopId}'s paths. */
    public OpenApiFuzzer(URI base, long seed, String shopId, String otherShopId) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.seed = seed;
        this.random = new Random(seed);
        this.shopId = shopId;
        this.otherShopId = otherShopId;
    }

    /**
     * Values a path parameter takes in most requests, e.g. a SKU the test stocked, so that requests reach the
     * domain code instead of stopping at 404.
     */
    public OpenApiFuzzer pathValues(String parameter, String... values) {
        pathValues.put(parameter, List.of(values));
        return this;
    }

    /** What a run sent and what came back: counts per operation and status class, and every failed check. */
    public static final class Report {
        private final long seed;
        private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
        private final List<String> failures = new ArrayList<>();

        Report(long seed) {
            this.seed = seed;
        }

        void count(String operation, int status) {
            counts.computeIfAbsent(operation, o -> new TreeMap<>()).merge(status / 100 + "xx", 1, Integer::sum);
        }

        void fail(String failure) {
            failures.add(failure);
        }

        public long seed() {
            return seed;
        }

        public int requests() {
            return counts.values().stream().flatMap(c -> c.values().stream()).mapToInt(Integer::intValue).sum();
        }

        /** Requests per status class ("2xx", "4xx", "5xx") over all operations. */
        public Map<String, Integer> byClass() {
            Map<String, Integer> total = new TreeMap<>();
            counts.values().forEach(c -> c.forEach((k, v) -> total.merge(k, v, Integer::sum)));
            return total;
        }

        public Map<String, Map<String, Integer>> byOperation() {
            return counts;
        }

        public List<String> failures() {
            return failures;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("fuzz seed ").append(seed).append(": ").append(requests())
                    .append(" requests ").append(byClass()).append(", ").append(failures.size()).append(" failure(s)\n");
            counts.forEach((op, c) -> out.append("  ").append(op).append(' ').append(c).append('\n'));
            failures.stream().limit(30).forEach(f -> out.append("  FAIL ").append(f).append('\n'));
            return out.toString();
        }
    }

    /** Sends about {@code requests} requests spread evenly over every operation of the document. */
    public Report run(int requests) {
        Report report = new Report(seed);
        List<String[]> operations = operations();
        int each = Math.max(1, (requests + operations.size() - 1) / operations.size());
        List<int[]> order = new ArrayList<>();
        for (int o = 0; o < operations.size(); o++) {
            for (int i = 0; i < each; i++) {
                order.add(new int[] {o, i});
            }
        }
        // Interleaved, so that one operation meets the state another left (an account replaced, then used).
        Collections.shuffle(order, random);
        for (int[] next : order) {
            String[] operation = operations.get(next[0]);
            JsonNode op = document.path("paths").path(operation[1]).path(operation[0]);
            fuzzOne(report, operation[0].toUpperCase(), operation[1], op, next[1]);
        }
        return report;
    }

    /**
     * Sends {@code requests} pushes to a platform callback path: random, malformed, oversized and wrongly signed
     * bodies with random query strings. None may get a 5xx; a 4xx must be a problem.
     */
    public Report callback(String path, int requests) {
        Report report = new Report(seed);
        for (int i = 0; i < requests; i++) {
            String query = "?signature=" + hex(40) + "&timestamp=" + pick("", "0", "-1", "99999999999999999999",
                    String.valueOf(Instant.now().getEpochSecond()), "abc") + "&nonce=" + encode(pick(NASTY_STRINGS))
                    + "&msg_signature=" + hex(random.nextInt(3) == 0 ? 3 : 40) + (random.nextBoolean() ? "&encrypt_type=aes" : "");
            String body;
            String type = "application/json";
            switch (random.nextInt(7)) {
                case 0 -> body = "{\"ToUserName\":\"" + hex(8) + "\",\"Encrypt\":\"" + base64(random.nextInt(400)) + "\"}";
                case 1 -> body = "{\"Encrypt\":\"" + base64(70_000) + "\"}";
                case 2 -> body = "{\"Encrypt\":" + json(nastyValue(), true) + "}";
                case 3 -> body = "{\"Encrypt\":\"" + base64(40);
                case 4 -> {
                    body = "<xml><Encrypt><![CDATA[" + base64(64) + "]]></Encrypt></xml>";
                    type = pick("text/xml", "application/xml", "text/plain");
                }
                case 5 -> body = json(randomObject(0), random.nextBoolean());
                default -> body = pick("", "null", "[]", "{}", "\"\"", "{\"Encrypt\":null}", "{\"Encrypt\":\"\"}");
            }
            URI uri = URI.create(base + path.replaceFirst("^/", "") + query);
            check(report, "POST " + path, "POST " + uri + " " + type + " " + excerpt(body), false,
                    send(HttpRequest.newBuilder(uri).header("Content-Type", type), "POST", body));
        }
        return report;
    }

    private List<String[]> operations() {
        document = get("q/openapi?format=json");
        List<String[]> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(new String[] {method, path.getKey()});
                }
            }
        }
        if (operations.isEmpty()) {
            throw new IllegalStateException("The OpenAPI document at " + base + " lists no operation");
        }
        return operations;
    }

    private void fuzzOne(Report report, String method, String path, JsonNode op, int index) {
        boolean stranger = path.startsWith("/api/shops/{shopId}") && index % 20 == 7;
        int mutation = random.nextInt(10);
        String resolved = path;
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : parameters(op)) {
            String name = parameter.path("name").asText();
            JsonNode schema = resolve(parameter.path("schema"));
            String in = parameter.path("in").asText();
            if ("path".equals(in)) {
                String value;
                if ("shopId".equals(name)) {
                    value = stranger ? otherShopId : shopId;
                } else if (mutation == 1 && random.nextInt(3) == 0) {
                    value = nastyText(schema);
                } else if (pathValues.containsKey(name) && random.nextInt(4) != 0) {
                    value = pick(pathValues.get(name).toArray(new String[0]));
                } else {
                    value = String.valueOf(valid(schema, 0));
                }
                resolved = resolved.replace("{" + name + "}", encode(value.isEmpty() ? "x" : value));
            } else if ("query".equals(in) && (parameter.path("required").asBoolean() || random.nextBoolean())) {
                String value = mutation == 1 ? nastyText(schema) : String.valueOf(valid(schema, 0));
                query.append(query.length() == 0 ? '?' : '&').append(encode(name)).append('=').append(encode(value));
            }
        }
        if (mutation == 2 && random.nextBoolean()) {
            query.append(query.length() == 0 ? '?' : '&').append("page=-1&size=").append(pick("0", "-5", "99999999999", "x"));
        }
        URI uri = URI.create(base + resolved.replaceFirst("^/", "") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(op, path));
        JsonNode bodySchema = op.path("requestBody").path("content").path("application/json").path("schema");
        String body = null;
        if (!bodySchema.isMissingNode() || mutation == 9) {
            body = body(resolve(bodySchema), mutation);
            // Another shop's request keeps the right media type: @Consumes is matched (415) before any filter runs.
            String type = mutation == 8 && !stranger ? pick("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "application/json; charset=latin1", "multipart/form-data; boundary=x") : "application/json";
            request.header("Content-Type", type);
        }
        String description = method + " " + uri + (body != null ? " body " + excerpt(body) : "") + (stranger ? " (other shop)" : "");
        check(report, method + " " + path, description, stranger, send(request, method, body));
    }

    /**
     * A token for the fuzzed shop (also on another shop's path: that is what must get 403) with the least role the
     * operation allows, from the security scopes smallrye-openapi lists; admin when none are listed. Outside
     * {@code /api/shops/} (dead letters, system endpoints, callbacks) a system token, which names no shop.
     */
    private String token(JsonNode op, String path) {
        if (!path.startsWith("/api/shops/")) {
            return TestTokens.token("system");
        }
        List<String> roles = new ArrayList<>();
        op.path("security").forEach(requirement -> requirement.fields()
                .forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
        if (roles.contains("operator")) {
            return TestTokens.operator(shopId);
        }
        if (roles.contains("viewer") && random.nextInt(4) == 0) {
            return TestTokens.viewer(shopId);
        }
        return TestTokens.admin(shopId);
    }

    private String body(JsonNode schema, int mutation) {
        Object value = valid(schema, 0);
        switch (mutation) {
            case 3 -> value = mutateField(value, nastyValue());
            case 4 -> value = mutateField(value, pick(NASTY_NUMBERS));
            case 5 -> value = mutateField(value, longString());
            case 6 -> {
                if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                    List<?> keys = new ArrayList<>(map.keySet());
                    map.remove(keys.get(random.nextInt(keys.size())));
                }
                if (value instanceof Map<?, ?>) {
                    asMap(value).put(pick("extra", "__proto__", "id", "shopId", "version", "\u0000"), nastyValue());
                }
            }
            case 7 -> {
                return pick("", "{", "{\"a\":", "[1,2", "nul", "{\"x\":1}}", "\"\\uD800\"", "{\"a\":\"\\u0000\"}",
                        "{\"a\":1e99999}", "[" + "[".repeat(2000), json(List.of(value), true), "12345678901234567890");
            }
            case 9 -> value = randomObject(0);
            default -> {
                if (mutation == 0 || random.nextBoolean()) {
                    break;
                }
                value = mutateField(value, nastyValue());
            }
        }
        return json(value, random.nextBoolean());
    }

    /** Replaces one field (at any depth in the first element of arrays) with {@code replacement}. */
    private Object mutateField(Object value, Object replacement) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            List<?> keys = new ArrayList<>(map.keySet());
            Object key = keys.get(random.nextInt(keys.size()));
            Object inner = map.get(key);
            asMap(value).put((String) key, random.nextInt(3) == 0 || !(inner instanceof Map || inner instanceof List)
                    ? replacement : mutateField(inner, replacement));
            return value;
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            List<Object> copy = new ArrayList<>(list);
            copy.set(0, mutateField(copy.get(0), replacement));
            return copy;
        }
        return replacement;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** A value the schema allows, as far as its type, format, enum and bounds say. */
    private Object valid(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            JsonNode choice = schema.get("enum").get(random.nextInt(schema.get("enum").size()));
            return choice.isNumber() ? choice.numberValue() : choice.asText();
        }
        if (schema.has("allOf")) {
            return valid(schema.get("allOf").get(0), depth);
        }
        if (schema.has("oneOf") || schema.has("anyOf")) {
            JsonNode options = schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
            return valid(options.get(random.nextInt(options.size())), depth);
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText("object");
        switch (type) {
            case "integer", "number" -> {
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : 0;
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : Math.max(min, 0) + 100;
                long value = min + (long) (random.nextDouble() * (Math.min(max, min + 1000) - min + 1));
                if ("number".equals(type) && random.nextBoolean()) {
                    return value + 0.5;
                }
                return value;
            }
            case "boolean" -> {
                return random.nextBoolean();
            }
            case "array" -> {
                List<Object> items = new ArrayList<>();
                int count = depth > 3 ? 0 : Math.max(schema.path("minItems").asInt(0), 1 + random.nextInt(2));
                for (int i = 0; i < count; i++) {
                    items.add(valid(schema.path("items"), depth + 1));
                }
                return items;
            }
            case "string" -> {
                return validString(schema);
            }
            default -> {
                Map<String, Object> object = new LinkedHashMap<>();
                if (depth > 4) {
                    return object;
                }
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                schema.path("properties").fields().forEachRemaining(p -> {
                    if (required.contains(p.getKey()) || random.nextInt(3) != 0) {
                        object.put(p.getKey(), valid(p.getValue(), depth + 1));
                    }
                });
                return object;
            }
        }
    }

    private String validString(JsonNode schema) {
        String format = schema.path("format").asText("");
        switch (format) {
            case "date-time" -> {
                return Instant.now().minusSeconds(random.nextInt(86_400)).toString();
            }
            case "date" -> {
                return "2026-11-" + (10 + random.nextInt(18));
            }
            case "uuid" -> {
                return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            }
            case "duration" -> {
                return "PT" + (1 + random.nextInt(60)) + "M";
            }
            default -> {
                String matching = schema.has("pattern") ? fromPattern(schema.get("pattern").asText()) : null;
                if (matching != null) {
                    return matching;
                }
                int min = schema.path("minLength").asInt(1);
                int max = schema.path("maxLength").asInt(min + 12);
                StringBuilder text = new StringBuilder("fz");
                while (text.length() < min) {
                    text.append(random.nextInt(10));
                }
                for (int i = 0, extra = random.nextInt(8); i < extra && text.length() < max; i++) {
                    text.append(random.nextInt(10));
                }
                return text.length() > max ? text.substring(0, Math.max(max, 0)) : text.toString();
            }
        }
    }

    /**
     * A string matching a simple pattern (literals, {@code \d}, {@code \w}, classes such as {@code [A-Za-z0-9]}, and
     * the quantifiers {@code {n}}, {@code {n,m}}, {@code +}, {@code *}, {@code ?}); null for any other pattern.
     */
    private String fromPattern(String pattern) {
        StringBuilder out = new StringBuilder();
        String body = pattern.replaceFirst("^\\^", "").replaceFirst("\\$$", "");
        int i = 0;
        while (i < body.length()) {
            String alphabet;
            char c = body.charAt(i);
            if (c == '[') {
                int end = body.indexOf(']', i);
                if (end < 0) {
                    return null;
                }
                StringBuilder chars = new StringBuilder();
                for (int j = i + 1; j < end; j++) {
                    if (j + 2 < end && body.charAt(j + 1) == '-') {
                        for (char k = body.charAt(j); k <= body.charAt(j + 2); k++) {
                            chars.append(k);
                        }
                        j += 2;
                    } else {
                        chars.append(body.charAt(j));
                    }
                }
                alphabet = chars.toString();
                i = end + 1;
            } else if (c == '\\' && i + 1 < body.length()) {
                char escaped = body.charAt(i + 1);
                alphabet = escaped == 'd' ? "0123456789" : escaped == 'w' ? "abcXYZ019_" : String.valueOf(escaped);
                i += 2;
            } else if ("()|.".indexOf(c) >= 0) {
                return null;
            } else {
                alphabet = String.valueOf(c);
                i++;
            }
            int min = 1;
            int max = 1;
            if (i < body.length() && body.charAt(i) == '{') {
                int end = body.indexOf('}', i);
                String[] bounds = body.substring(i + 1, end).split(",", -1);
                min = Integer.parseInt(bounds[0]);
                max = bounds.length == 1 ? min : bounds[1].isEmpty() ? min + 8 : Integer.parseInt(bounds[1]);
                i = end + 1;
            } else if (i < body.length() && "+*?".indexOf(body.charAt(i)) >= 0) {
                min = body.charAt(i) == '+' ? 1 : 0;
                max = body.charAt(i) == '?' ? 1 : 8;
                i++;
            }
            for (int n = min + random.nextInt(max - min + 1); n > 0; n--) {
                out.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return out.toString().matches(pattern) ? out.toString() : null;
    }

    private Object nastyValue() {
        switch (random.nextInt(8)) {
            case 0 -> {
                return pick(NASTY_NUMBERS);
            }
            case 1 -> {
                return pick(NASTY_STRINGS);
            }
            case 2 -> {
                return longString();
            }
            case 3 -> {
                return random.nextBoolean() ? Boolean.TRUE : null;
            }
            case 4 -> {
                return List.of(pick(NASTY_STRINGS), pick(NASTY_NUMBERS));
            }
            case 5 -> {
                return randomObject(1);
            }
            case 6 -> {
                return -(1L + random.nextInt(1000));
            }
            default -> {
                return pick("2026-13-45T99:99:99Z", "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "INCREASE", "P-1D");
            }
        }
    }

    private String nastyText(JsonNode schema) {
        Object value = random.nextBoolean() ? pick(NASTY_STRINGS) : pick(NASTY_NUMBERS);
        if ("string".equals(schema.path("type").asText()) && random.nextInt(4) == 0) {
            // Long, but within the HTTP layer's 4 KiB request line: beyond it Vert.x answers 414 before any route.
            value = pick("a", "微", "\u202E").repeat(pick(65, 100));
        }
        // A slash ends the path segment: the request would go to another route, which is no test of this one.
        return String.valueOf(value).replace("/", "_");
    }

    private String longString() {
        int length = pick(65, 201, 256, 1_025, 10_000, 70_000);
        String unit = pick("a", "微", "\uD83D\uDE00", "\u202E", "\u200B");
        return unit.repeat(Math.max(1, length / unit.length()));
    }

    private Map<String, Object> randomObject(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
            object.put(pick(NASTY_STRINGS), depth < 2 && random.nextInt(4) == 0 ? randomObject(depth + 1) : nastyValue());
        }
        return object;
    }

    private void check(Report report, String operation, String request, boolean stranger, HttpResponse<String> response) {
        int status = response.statusCode();
        report.count(operation, status);
        String type = response.headers().firstValue("Content-Type").orElse("");
        String failure = null;
        if (status >= 500) {
            failure = "server error";
        } else if (stranger && status != 403) {
            failure = "another shop's request was not refused with 403";
        } else if (status >= 400) {
            if (!type.startsWith(PROBLEM)) {
                failure = "a " + status + " that is not " + PROBLEM + " (" + type + ")";
            } else {
                try {
                    JsonNode problem = JSON.readTree(response.body());
                    if (problem.path("status").asInt() != status || !problem.path("title").isTextual()) {
                        failure = "a problem without its status and title";
                    }
                } catch (IOException e) {
                    failure = "a problem that is not JSON";
                }
            }
        }
        if (failure != null) {
            report.fail("seed " + seed + ": " + failure + ": " + request + " -> " + status + " " + excerpt(response.body()));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String method, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        try {
            return http.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("seed " + seed + ": " + method + " " + request.build().uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path)), "GET", null);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<JsonNode> parameters(JsonNode op) {
        List<JsonNode> parameters = new ArrayList<>();
        op.path("parameters").forEach(p -> parameters.add(resolve(p)));
        return parameters;
    }

    private JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node.has("$ref") && hops++ < 10) {
            String[] parts = node.get("$ref").asText().replaceFirst("^#/", "").split("/");
            JsonNode target = document;
            for (String part : parts) {
                target = target.path(part);
            }
            node = target;
        }
        return node;
    }

    /**
     * JSON text; strings with {@code escape} (and always those holding a lone surrogate, which UTF-8 cannot
     * carry) have every non-ASCII character as a {@code \\uXXXX} escape.
     */
    static String json(Object value, boolean escape) {
        StringBuilder out = new StringBuilder();
        write(out, value, escape);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, boolean escape) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            out.append(value instanceof BigDecimal decimal ? decimal.toString() : String.valueOf(value));
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                write(out, String.valueOf(entry.getKey()), escape);
                out.append(':');
                write(out, entry.getValue(), escape);
                first = false;
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i), escape);
            }
            out.append(']');
        } else {
            String text = value.toString();
            boolean escapeAll = escape || text.chars().anyMatch(c -> Character.isSurrogate((char) c));
            out.append('"');
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || (escapeAll && c > 0x7e)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private String hex(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    private String base64(int bytes) {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        return java.util.Base64.getEncoder().encodeToString(data);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…(" + text.length() + " chars)" : oneLine;
    }
}

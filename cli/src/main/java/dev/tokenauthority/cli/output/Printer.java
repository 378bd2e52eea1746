package dev.tokenauthority.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.cli.http.ApiClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a command prints on stdout: the API's JSON as it is ({@code --output json}, for scripts and {@code jq}) or
 * a table for people. Messages and errors go to stderr, never here.
 */
public final class Printer {

    public enum Format { table, json }

    /** A column of a table: its header and how to read it from an item. */
    public record Column(String header, Function<JsonNode, String> value) {

        public static Column field(String header, String field) {
            return new Column(header, item -> item.hasNonNull(field) ? item.get(field).asText() : "");
        }

        /** An array of strings, comma-separated. */
        public static Column words(String header, String field) {
            return new Column(header, item -> Printer.words(item.path(field)));
        }

        public static Column labels(String header, String field) {
            return new Column(header, item -> pairs(item.get(field)));
        }
    }

    public static final List<Column> INSTANCE = List.of(Column.field("ID", "id"), Column.field("NAME", "name"),
            Column.field("TYPE", "type"), Column.field("STATE", "state"), Column.labels("LABELS", "labels"));
    public static final List<Column> TOKEN = List.of(Column.field("ID", "id"), Column.field("NAME", "name"),
            Column.field("STATE", "state"), Column.field("ROLE", "role"), Column.field("VALID UNTIL", "validUntil"),
            Column.field("LAST USED", "lastUsedAt"),
            new Column("SELECTOR", item -> item.hasNonNull("selector") ? pairs(item.get("selector")) : "-"));
    public static final List<Column> AUDIT = List.of(Column.field("TIME", "time"), Column.field("EVENT", "eventType"),
            Column.field("ACTOR", "actor"), Column.field("INSTANCE", "instanceId"), Column.field("TOKEN", "tokenId"),
            Column.field("REQUEST", "requestId"));

    /** An access review's grants (who could act on an instance) and reach (what a token could act on). */
    public static final List<Column> GRANT = List.of(Column.field("TOKEN", "tokenId"), Column.field("NAME", "name"),
            Column.field("ROLE", "role"), Column.words("ACTIONS", "actions"), Column.field("GENERATION", "generation"),
            Column.field("SINCE", "generationSince"), new Column("RULE", Printer::rule),
            new Column("FROM", item -> item.path("allowedNetworks").isEmpty() ? "any" : words(item.path("allowedNetworks"))));
    public static final List<Column> REACHED = List.of(Column.field("INSTANCE", "instanceId"), Column.field("NAME", "name"),
            Column.words("ACTIONS", "actions"), new Column("RULE", Printer::rule), Column.labels("LABELS", "labels"));

    public static final List<Column> BULK_REVOKE = List.of(Column.field("TOKEN", "tokenId"), Column.field("NAME", "name"),
            Column.field("INSTANCE", "instanceId"), Column.field("STATE", "state"), Column.field("RESULT", "result"));

    public static final List<Column> WEBHOOK = List.of(Column.field("ID", "id"), Column.field("URL", "url"),
            Column.field("DESCRIPTION", "description"), Column.field("REGISTERED", "registeredAt"));

    public static final List<Column> DELIVERY = List.of(Column.field("ID", "id"), Column.field("EVENT", "eventType"),
            Column.field("TOKEN", "tokenId"), Column.field("STATUS", "status"), Column.field("ATTEMPTS", "attempts"),
            Column.field("LAST", "lastStatusCode"), Column.field("ERROR", "lastError"), Column.field("NEXT", "nextAttemptAt"));

    private final Format format;

    public Printer(Format format) {
        this.format = format;
    }

    public boolean json() {
        return format == Format.json;
    }

    /** One resource: its JSON, or one {@code name: value} line per field. */
    public void item(PrintWriter out, JsonNode item) {
        if (json()) {
            out.println(pretty(item));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            out.println(field.getKey() + ": " + (value.isObject() ? pairs(value) : value.isArray() ? words(value)
                    : value.isNull() ? "" : value.asText()));
        }
    }

    /** A list call's answer: the whole JSON, or a table of its items. */
    public void list(PrintWriter out, JsonNode answer, JsonNode items, List<Column> columns) {
        if (json()) {
            out.println(pretty(answer));
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::header).toArray(String[]::new));
        items.forEach(item -> rows.add(columns.stream().map(column -> column.value().apply(item)).toArray(String[]::new)));
        int[] widths = new int[columns.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pretty(JsonNode node) {
        try {
            return ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    private static String words(JsonNode array) {
        List<String> words = new ArrayList<>();
        array.forEach(word -> words.add(word.asText()));
        return String.join(",", words);
    }

    private static String rule(JsonNode item) {
        JsonNode rule = item.path("rule");
        return rule.path("kind").asText() + (rule.hasNonNull("selector") ? " " + pairs(rule.get("selector")) : "");
    }

    private static String pairs(JsonNode object) {
        if (object == null || !object.isObject()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        object.fields().forEachRemaining(pair -> pairs.add(pair.getKey() + "="
                + (pair.getValue().isArray() ? "[" + words(pair.getValue()) + "]" : pair.getValue().asText())));
        return String.join(",", pairs);
    }
}

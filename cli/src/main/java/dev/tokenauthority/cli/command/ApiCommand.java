package dev.tokenauthority.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.config.ConnectionOptions;
import dev.tokenauthority.cli.http.ApiClient;
import dev.tokenauthority.cli.http.ApiFailure;
import dev.tokenauthority.cli.output.Printer;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** What every command that calls the API shares: the connection options, the paths, stdout and stderr. */
abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    ApiClient api() {
        return connection.client();
    }

    Printer printer() {
        return connection.printer();
    }

    String project() {
        return "v1alpha/projects/" + segment(connection.project());
    }

    String region() {
        return project() + "/regions/" + segment(connection.region());
    }

    String instances() {
        return region() + "/instances";
    }

    String instance(String instanceId) {
        return instances() + "/" + segment(instanceId);
    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(Map<String, ?> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value instanceof List<?> values) {
                values.forEach(each -> query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(String.valueOf(each), StandardCharsets.UTF_8)));
            } else if (value != null) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    static ObjectNode labels(Map<String, String> labels) {
        ObjectNode node = ApiClient.JSON.createObjectNode();
        if (labels != null) {
            labels.forEach(node::put);
        }
        return node;
    }

    static List<String> pairs(Map<String, String> labels) {
        return labels == null ? null : labels.entrySet().stream().map(pair -> pair.getKey() + "=" + pair.getValue()).toList();
    }

    /**
     * A list call: one page when a page was asked for, every page otherwise; the table of all items, or in JSON
     * the answer (one page), or all items under the list's field.
     */
    int list(String path, Map<String, Object> filters, Integer pageSize, String pageToken, String field,
             List<Printer.Column> columns) {
        Map<String, Object> parameters = new LinkedHashMap<>(filters);
        if (pageSize != null || pageToken != null) {
            parameters.put("pageSize", pageSize);
            parameters.put("pageToken", pageToken);
            JsonNode answer = api().call("GET", path + query(parameters), null);
            printer().list(out(), answer, answer.get(field), columns);
            if (!printer().json() && answer.hasNonNull("next")) {
                err().println("more: --page-token " + answer.get("next").asText());
            }
            return ExitCodes.OK;
        }
        ObjectNode all = ApiClient.JSON.createObjectNode();
        var items = all.putArray(field);
        String next = null;
        for (int pages = 0; pages < 100_000; pages++) {
            parameters.put("pageToken", next);
            JsonNode answer = api().call("GET", path + query(parameters), null);
            items.addAll((com.fasterxml.jackson.databind.node.ArrayNode) answer.get(field));
            if (!answer.hasNonNull("next")) {
                printer().list(out(), all, items, columns);
                return ExitCodes.OK;
            }
            next = answer.get("next").asText();
        }
        throw new ApiFailure(ExitCodes.REFUSED, "the list did not end");
    }
}

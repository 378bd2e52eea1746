package dev.tokenauthority.app.battery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every endpoint of the HTTP API as its controllers map it, with a valid body for those that take one: what the
 * fuzzer ({@link RequestFuzzer}) starts from before it mutates paths, ids, methods, headers and bodies. Path
 * variables are {@code {p}} project, {@code {r}} region, {@code {i}} instance, {@code {t}} instance token,
 * {@code {s}} selector token, {@code {a}} service account, {@code {w}} webhook; {@code EndpointFuzzIT} fills them with live ones.
 */
final class ApiContract {

    record Endpoint(String method, String path, String body, String contentType) {

        String name() {
            return method + " " + path;
        }

        /** The method and the path without its query, every path variable as {@code {}}: the key of its parameters. */
        String shape() {
            return ApiContract.shape(method, path);
        }
    }

    static final String JSON = "application/json";
    private static final String INSTANCES = "/v1alpha/projects/{p}/regions/{r}/instances";
    private static final String INSTANCE_TOKENS = INSTANCES + "/{i}/tokens";
    private static final String SELECTOR_TOKENS = "/v1alpha/projects/{p}/regions/{r}/tokens";
    private static final String SERVICE_ACCOUNTS = "/v1alpha/projects/{p}/service-accounts";

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/v1alpha/verify?projectId={p}&regionId={r}&instanceId={i}&action=query", null, null),
            new Endpoint("GET", "/v1alpha/gateway/auth", null, null),
            new Endpoint("GET", "/v1alpha/gateway/denied", null, null),
            new Endpoint("GET", "/v1alpha/gateway/logout", null, null),
            new Endpoint("POST", "/v1alpha/gateway/login", "token={t-secret}&state=fuzz", "application/x-www-form-urlencoded"),
            new Endpoint("GET", INSTANCES, null, null),
            new Endpoint("POST", INSTANCES, "{\"type\":\"app\",\"name\":\"fuzz\",\"labels\":{\"group\":\"a\"}}", JSON),
            new Endpoint("GET", INSTANCES + "/{i}", null, null),
            new Endpoint("PATCH", INSTANCES + "/{i}", "{\"labels\":{\"group\":\"b\"}}", JSON),
            new Endpoint("POST", INSTANCES + "/{i}/start", null, null),
            new Endpoint("POST", INSTANCES + "/{i}/stop", null, null),
            new Endpoint("DELETE", INSTANCES + "/{i}", null, null),
            new Endpoint("GET", INSTANCE_TOKENS, null, null),
            new Endpoint("POST", INSTANCE_TOKENS, "{\"name\":\"fuzz\",\"description\":\"d\",\"ttlDuration\":\"1d\",\"labels\":{\"k\":\"v\"},"
                    + "\"allowedNetworks\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}", JSON),
            new Endpoint("GET", INSTANCE_TOKENS + "/{t}", null, null),
            new Endpoint("PATCH", INSTANCE_TOKENS + "/{t}", "{\"name\":\"renamed\",\"description\":\"d2\","
                    + "\"allowedNetworks\":[\"127.0.0.0/8\",\"::1\"]}", JSON),
            new Endpoint("POST", INSTANCE_TOKENS + "/{t}/regenerate", null, null),
            new Endpoint("DELETE", INSTANCE_TOKENS + "/{t}", null, null),
            new Endpoint("GET", INSTANCES + "/{i}/tokens/{t}/validity?at=2026-01-01T00:00:00Z", null, null),
            new Endpoint("GET", INSTANCES + "/{i}/tokens/{t}/audit", null, null),
            new Endpoint("GET", SELECTOR_TOKENS, null, null),
            new Endpoint("POST", SELECTOR_TOKENS, "{\"name\":\"fuzz\",\"role\":\"read-only\",\"selector\":{\"group\":\"a\"},\"ttlDuration\":\"7d\"}", JSON),
            new Endpoint("GET", SELECTOR_TOKENS + "/{s}", null, null),
            new Endpoint("PATCH", SELECTOR_TOKENS + "/{s}", "{\"description\":\"d3\"}", JSON),
            new Endpoint("POST", SELECTOR_TOKENS + "/{s}/regenerate", null, null),
            new Endpoint("DELETE", SELECTOR_TOKENS + "/{s}", null, null),
            new Endpoint("POST", SELECTOR_TOKENS + "/bulk-revoke", "{\"namePrefix\":\"fuzz\",\"dryRun\":true}", JSON),
            new Endpoint("POST", "/v1alpha/leak-reports", "[{\"token\":\"{t-secret}\",\"type\":\"token_authority\",\"url\":\"\",\"source\":\"content\"}]", JSON),
            new Endpoint("GET", "/v1alpha/projects/{p}/audit", null, null),
            new Endpoint("GET", "/v1alpha/projects/{p}/audit/export", null, null),
            new Endpoint("GET", INSTANCES + "/{i}/audit", null, null),
            new Endpoint("GET", INSTANCES + "/{i}/access?action=query", null, null),
            new Endpoint("GET", INSTANCE_TOKENS + "/{t}/access", null, null),
            new Endpoint("GET", SELECTOR_TOKENS + "/{s}/access?at=2026-01-01T00:00:00Z", null, null),
            new Endpoint("GET", "/v1alpha/projects/{p}/policy", null, null),
            new Endpoint("PUT", "/v1alpha/projects/{p}/policy", "{\"onSupersededUse\":\"record\"}", JSON),
            new Endpoint("GET", "/v1alpha/projects/{p}/webhooks", null, null),
            new Endpoint("POST", "/v1alpha/projects/{p}/webhooks", "{\"url\":\"https://127.0.0.1:9/fuzz\",\"description\":\"d\"}", JSON),
            new Endpoint("GET", "/v1alpha/projects/{p}/webhooks/{w}", null, null),
            new Endpoint("GET", "/v1alpha/projects/{p}/webhooks/{w}/deliveries?limit=10", null, null),
            new Endpoint("DELETE", "/v1alpha/projects/{p}/webhooks/{w}", null, null),
            new Endpoint("GET", SERVICE_ACCOUNTS, null, null),
            new Endpoint("POST", SERVICE_ACCOUNTS, "{\"name\":\"fuzz\",\"role\":\"viewer\",\"description\":\"d\",\"ttlDuration\":\"30d\"}", JSON),
            new Endpoint("GET", SERVICE_ACCOUNTS + "/{a}", null, null),
            new Endpoint("PATCH", SERVICE_ACCOUNTS + "/{a}", "{\"name\":\"sa2\",\"role\":\"editor\"}", JSON),
            new Endpoint("POST", SERVICE_ACCOUNTS + "/{a}/rotate", null, null),
            new Endpoint("DELETE", SERVICE_ACCOUNTS + "/{a}", null, null),
            new Endpoint("GET", "/v1alpha/replay", null, null),
            new Endpoint("GET", "/v1alpha/replay/digests", null, null),
            new Endpoint("GET", "/actuator/health", null, null),
            new Endpoint("GET", "/actuator/prometheus", null, null),
            new Endpoint("GET", "/v3/api-docs", null, null),
            new Endpoint("GET", "/v1alpha/no-such-endpoint", null, null));

    private ApiContract() {
    }

    /**
     * The query parameters of each endpoint as the service describes them ({@code /v3/api-docs}, the OpenAPI
     * description generated from the controllers), by {@link Endpoint#shape()}: the fuzzer sends them with hostile
     * values, so that a parameter the contract above does not spell out is fuzzed too.
     */
    static Map<String, List<String>> queryParameters(JsonNode description) {
        Map<String, List<String>> parameters = new HashMap<>();
        description.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            List<String> names = new ArrayList<>();
            operation.getValue().path("parameters").forEach(parameter -> {
                if (parameter.path("in").asText().equals("query")) {
                    names.add(parameter.path("name").asText());
                }
            });
            parameters.put(shape(operation.getKey().toUpperCase(Locale.ROOT), path.getKey()), List.copyOf(names));
        }));
        return parameters;
    }

    private static String shape(String method, String path) {
        int query = path.indexOf('?');
        return method + " " + (query < 0 ? path : path.substring(0, query)).replaceAll("\\{[^}/]*}", "{}");
    }
}

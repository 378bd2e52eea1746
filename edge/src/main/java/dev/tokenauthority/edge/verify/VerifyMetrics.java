package dev.tokenauthority.edge.verify;

import dev.tokenauthority.query.verify.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code token_authority_verify_decisions_total}: every check of a presented secret, by endpoint (verify, gateway
 * auth, gateway login), outcome ({@code allowed}, {@code invalid_token} = 401, {@code insufficient_scope} = 403,
 * {@code rate_limited} = 429, the failed-verification limiter's hits, and {@code not_serving} = 503) and reason
 * (the class of a refusal, which the answer does not tell the caller). The counters are made once per endpoint, so
 * the verify path pays one map read and one increment.
 */
@Component
public class VerifyMetrics {

    static final String DECISIONS = "token_authority.verify.decisions";

    private final MeterRegistry registry;
    private final Map<String, EndpointCounters> byEndpoint = new ConcurrentHashMap<>();

    public VerifyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void notServing(String endpoint) {
        counters(endpoint).notServing.increment();
    }

    void rateLimited(String endpoint) {
        counters(endpoint).rateLimited.increment();
    }

    void decided(String endpoint, Verdict verdict) {
        counters(endpoint).byReason.get(verdict.reason()).increment();
    }

    private EndpointCounters counters(String endpoint) {
        EndpointCounters counters = byEndpoint.get(endpoint);
        return counters != null ? counters : byEndpoint.computeIfAbsent(endpoint, this::register);
    }

    private EndpointCounters register(String endpoint) {
        Map<Verdict.Reason, Counter> byReason = new EnumMap<>(Verdict.Reason.class);
        for (Verdict.Reason reason : Verdict.Reason.values()) {
            byReason.put(reason, counter(endpoint, outcomeOf(reason), reason.name().toLowerCase(Locale.ROOT)));
        }
        return new EndpointCounters(counter(endpoint, "not_serving", "not_serving"),
                counter(endpoint, "rate_limited", "rate_limited"), byReason);
    }

    private static String outcomeOf(Verdict.Reason reason) {
        return switch (reason) {
            case VALID -> "allowed";
            case MISSING, MALFORMED, UNKNOWN_OR_REVOKED, SUPERSEDED, EXPIRED, INSTANCE_DELETED -> "invalid_token";
            case NOT_COVERED, ROLE_NOT_ALLOWED, ADDRESS_NOT_ALLOWED -> "insufficient_scope";
        };
    }

    private Counter counter(String endpoint, String outcome, String reason) {
        return Counter.builder(DECISIONS).description("Checks of a presented token secret, by outcome and reason")
                .tag("endpoint", endpoint.replace(' ', '_')).tag("outcome", outcome).tag("reason", reason)
                .register(registry);
    }

    private record EndpointCounters(Counter notServing, Counter rateLimited, Map<Verdict.Reason, Counter> byReason) {
    }
}

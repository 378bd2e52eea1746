package dev.tokenauthority.edge.verify;

import dev.tokenauthority.edge.limit.ClientAddress;
import dev.tokenauthority.edge.limit.FailedVerificationLimiter;
import dev.tokenauthority.edge.signal.DisallowedAddressSignals;
import dev.tokenauthority.edge.signal.SupersededUseSignals;
import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.query.verify.TokenVerifier;
import dev.tokenauthority.query.usage.TokenUsage;
import dev.tokenauthority.query.verify.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The one way a presented token secret is checked at the edge (verify, the gateway's auth and its login page):
 * <ol>
 *   <li>this node must accept tokens (caught up, serving in its cluster or able to show it holds every committed
 *       event: {@link TokenAcceptance}): else {@link NotServing};</li>
 *   <li>the caller's address must have failed attempts left: else {@link RateLimited}, without a check;</li>
 *   <li>the verdict of the auth lookup for the client's address; an invalid secret takes one attempt from the
 *       address; an allowed one is a use of its token ({@link TokenUsage}), a superseded one a leak signal on its
 *       token ({@link SupersededUseSignals}), one from outside its allowed networks a signal of that
 *       ({@link DisallowedAddressSignals}), all in memory;</li>
 *   <li>a refusal is logged with its reason (never the secret);</li>
 *   <li>a refusal of a presented secret is answered no sooner than the {@link RefusalFloor} after the check began,
 *       so that no kind of refused secret is told apart by its time;</li>
 *   <li>every outcome is counted ({@link VerifyMetrics}).</li>
 * </ol>
 */
@Component
public class BearerCheck {

    /** What the check found; the caller turns it into its own kind of answer (problem, gateway header, page). */
    public sealed interface Outcome permits NotServing, RateLimited, Decided {
    }

    /** This node cannot tell a revoked token now: 503, try again (another node, or this one a moment later). */
    public record NotServing() implements Outcome {

        /** The answer verify and the gateway's auth give then: no body, try again in a second, never cached. */
        public static ResponseEntity<?> response() {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .cacheControl(CacheControl.noStore()).build();
        }
    }

    public record RateLimited(Duration retryAfter) implements Outcome {
    }

    public record Decided(Verdict verdict) implements Outcome {
    }

    private static final NotServing NOT_SERVING = new NotServing();
    private static final Logger log = LoggerFactory.getLogger(BearerCheck.class);

    private final TokenVerifier verifier;
    private final TokenAcceptance acceptance;
    private final FailedVerificationLimiter limiter;
    private final VerifyMetrics metrics;
    private final TokenUsage usage;
    private final SupersededUseSignals signals;
    private final DisallowedAddressSignals addressSignals;
    private final RefusalFloor floor;

    BearerCheck(TokenVerifier verifier, TokenAcceptance acceptance, FailedVerificationLimiter limiter,
                VerifyMetrics metrics, TokenUsage usage, SupersededUseSignals signals,
                DisallowedAddressSignals addressSignals, RefusalFloor floor) {
        this.verifier = verifier;
        this.acceptance = acceptance;
        this.limiter = limiter;
        this.metrics = metrics;
        this.usage = usage;
        this.signals = signals;
        this.addressSignals = addressSignals;
        this.floor = floor;
    }

    /**
     * Checks {@code secret} ({@code null} or blank: none presented, which costs the address nothing), presented in
     * {@code request}, for {@code action} on the instance; {@code where} names the endpoint in the log. The client is
     * the one a gateway vouched for, else the TCP peer ({@link ClientAddress}).
     */
    public Outcome check(String where, String secret, HttpServletRequest request, String projectId, String regionId,
                         String instanceId, Action action) {
        long started = floor.start();
        String client = ClientAddress.of(request);
        if (!acceptance.acceptsTokens()) {
            metrics.notServing(where);
            return NOT_SERVING;
        }
        Duration retryAfter = limiter.retryAfter(client);
        if (!retryAfter.isZero()) {
            log.debug("{} refused: {} is over its failed-verification limit", where, client);
            metrics.rateLimited(where);
            return new RateLimited(retryAfter);
        }
        Verdict verdict = verifier.verify(secret, client, projectId, regionId, instanceId, action);
        metrics.decided(where, verdict);
        if (verdict.outcome() == Verdict.Outcome.ALLOWED) {
            usage.record(verdict.tokenId(), client); // in memory; flushed every few seconds
        } else {
            refused(where, secret, client, request, verdict, projectId, regionId, instanceId, action);
            if (verdict.reason() != Verdict.Reason.MISSING) {
                floor.holdFrom(started); // last: the refusal's own work above is inside the floor
            }
        }
        return new Decided(verdict);
    }

    /** What a refusal leads to, apart from the hot path of nearly every call (which it keeps small). */
    private void refused(String where, String secret, String client, HttpServletRequest request, Verdict verdict,
                         String projectId, String regionId, String instanceId, Action action) {
        if (verdict.outcome() == Verdict.Outcome.INVALID_TOKEN && secret != null && !secret.isBlank()) {
            limiter.recordFailure(client);
        }
        if (verdict.reason() == Verdict.Reason.SUPERSEDED) {
            signals.record(verdict.tokenId(), client, way(where, ClientAddress.gatewayOf(request)));
        } else if (verdict.reason() == Verdict.Reason.ADDRESS_NOT_ALLOWED) {
            addressSignals.record(verdict.tokenId(), client, way(where, ClientAddress.gatewayOf(request)));
        }
        log.info("{} denied: reason={} token={} resource={}/{}/{} action={} from {}", where, verdict.reason(),
                verdict.tokenId(), projectId, regionId, instanceId, action.value(), client);
    }

    /** How a call came in, as a signal shows it: {@code verify}, {@code gateway auth via 10.0.0.7}. */
    public static String way(String where, String gateway) {
        return gateway == null ? where : where + " via " + gateway;
    }
}

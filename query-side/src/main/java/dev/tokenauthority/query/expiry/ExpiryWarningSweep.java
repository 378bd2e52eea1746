package dev.tokenauthority.query.expiry;

import dev.tokenauthority.events.signal.RecordExpiryWarning;
import dev.tokenauthority.query.catalogue.TokenCatalogue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Expiry warnings: at each lead time before a token's {@code validUntil} ({@code token-authority.expiry-warnings.lead-times},
 * default {@code 7d,1d}; empty: none), the token records a {@code TokenExpiryWarned}. Each sweep reads from the
 * catalogue the active tokens that came within a lead time they were not warned of yet, each in the window of the
 * closest lead it is due for (so a token is never warned of 7 days after 1 day), and asks each token to record it;
 * the token records a lead at most once, so a sweep that runs twice, or on two nodes, warns once.
 *
 * <p>The sweep is run by a db-scheduler recurring task (the app's {@code ExpirySweepSchedule}): one node at a time,
 * kept in the database like the expiry deadlines, so a warning due while the service was down is recorded at the
 * first sweep after it is back (if the token has not expired meanwhile).
 */
@Component
public class ExpiryWarningSweep {

    /** The most warnings one sweep sends; the next sweep goes on where it stopped (soonest expiry first). */
    static final int MAX_PER_SWEEP = 1_000;
    /** How long a sweep waits for one token to answer (both sweeps: each holds one of db-scheduler's two threads). */
    static final long ASK_TIMEOUT_SECONDS = 10;
    private static final Duration LONGEST_LEAD = Duration.ofDays(366);
    private static final Logger log = LoggerFactory.getLogger(ExpiryWarningSweep.class);

    private final TokenCatalogue catalogue;
    private final CommandGateway commands;
    private final Clock clock;
    private final List<Duration> leads; // ascending

    public ExpiryWarningSweep(TokenCatalogue catalogue, CommandGateway commands, Clock clock,
                              @Value("${token-authority.expiry-warnings.lead-times:7d,1d}") List<Duration> leads) {
        for (Duration lead : leads) {
            if (lead.isNegative() || lead.isZero() || lead.compareTo(LONGEST_LEAD) > 0) {
                throw new IllegalStateException("token-authority.expiry-warnings.lead-times: each lead time must be"
                        + " positive and at most 366 days, not " + lead);
            }
        }
        this.catalogue = catalogue;
        this.commands = commands;
        this.clock = clock;
        this.leads = List.copyOf(new TreeSet<>(leads));
    }

    /** The lead times, shortest first. */
    public List<Duration> leads() {
        return leads;
    }

    /** Asks every token due for a warning to record it; answers how many were asked. */
    public int sweep() {
        Instant now = clock.instant();
        int asked = 0;
        Duration shorter = Duration.ZERO;
        for (Duration lead : leads) {
            for (String tokenId : catalogue.dueForExpiryWarning(now, shorter, lead, MAX_PER_SWEEP - asked)) {
                try {
                    commands.sendAndWait(new RecordExpiryWarning(tokenId, lead), ASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (RuntimeException e) { // the next sweep asks again; the token records it once
                    log.warn("expiry warning for token {} not recorded yet: {}", tokenId, e.getMessage());
                }
                asked++;
            }
            if (asked >= MAX_PER_SWEEP) {
                break;
            }
            shorter = lead;
        }
        return asked;
    }
}

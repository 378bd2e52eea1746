package dev.tokenauthority.query.expiry;

import dev.tokenauthority.events.signal.RecordOverdueExpiry;
import dev.tokenauthority.query.catalogue.TokenCatalogue;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The net under the expiry deadlines: asks every token that the catalogue shows active more than
 * {@code token-authority.expiries.overdue-after} (1 minute) past its {@code validUntil} to expire. A deadline fires
 * within a second of its time (or at the next start); one that is this late was lost, as H2 can lose the row of one
 * in a crash (h2database #2080, the same limit that made the crash rebuilds). Verify never needed the deadline: it
 * refuses a secret past its {@code validUntil} by the clock; the token's {@code TokenExpired}, its listing and its
 * webhooks did.
 *
 * <p>Run by a db-scheduler recurring task (the app's {@code ExpirySweepSchedule}): one node at a time. The token
 * expires at most once, so a sweep that asks twice, or races the deadline, records one {@code TokenExpired}.
 */
@Component
public class OverdueExpirySweep {

    /** The most tokens one sweep asks; the next sweep goes on where it stopped (soonest first). */
    static final int MAX_PER_SWEEP = 1_000;
    private static final Logger log = LoggerFactory.getLogger(OverdueExpirySweep.class);

    private final TokenCatalogue catalogue;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration overdueAfter;

    public OverdueExpirySweep(TokenCatalogue catalogue, CommandGateway commands, Clock clock,
                              @Value("${token-authority.expiries.overdue-after:1m}") Duration overdueAfter) {
        if (overdueAfter.isNegative()) {
            throw new IllegalStateException("token-authority.expiries.overdue-after must not be negative, not "
                    + overdueAfter);
        }
        this.catalogue = catalogue;
        this.commands = commands;
        this.clock = clock;
        this.overdueAfter = overdueAfter;
    }

    /** Asks every overdue token to expire; answers how many were asked. */
    public int sweep() {
        var overdue = catalogue.overdueForExpiry(clock.instant().minus(overdueAfter), MAX_PER_SWEEP);
        if (!overdue.isEmpty()) {
            // Most likely lost deadlines; or a catalogue still catching up (after a crash), whose tokens have expired
            // already and ignore the ask.
            log.info("{} tokens shown active more than {} past their validUntil: each is asked to expire",
                    overdue.size(), overdueAfter);
        }
        for (String tokenId : overdue) {
            try {
                commands.sendAndWait(new RecordOverdueExpiry(tokenId), ExpiryWarningSweep.ASK_TIMEOUT_SECONDS,
                        TimeUnit.SECONDS);
            } catch (RuntimeException e) { // the next sweep asks again; the token expires once
                log.warn("overdue expiry of token {} not recorded yet: {}", tokenId, e.getMessage());
            }
        }
        return overdue.size();
    }
}

package dev.tokenauthority.edge.signal;

import dev.tokenauthority.events.signal.RecordSupersededUse;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Leak signals: a secret a live token had before a regeneration, presented anywhere, sent to the token as
 * {@link RecordSupersededUse} (a {@code SupersededSecretUsed} event, and a revocation if the project's policy says so),
 * gathered and bounded as {@link UseSignals} says.
 */
@Component
public class SupersededUseSignals extends UseSignals {

    public SupersededUseSignals(CommandGateway commands, Clock clock,
                                @Value("${token-authority.signals.flush-interval:5s}") Duration interval,
                                @Value("${token-authority.signals.repeat-interval:1m}") Duration repeatInterval) {
        super("leak", commands, clock, interval, repeatInterval);
    }

    @Override
    protected Object command(GatheredUse.Summary gathered) {
        return new RecordSupersededUse(gathered.tokenId(), gathered.firstSeenAt(), gathered.lastSeenAt(), gathered.uses(),
                gathered.from(), gathered.through());
    }
}

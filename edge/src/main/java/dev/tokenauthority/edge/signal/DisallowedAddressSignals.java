package dev.tokenauthority.edge.signal;

import dev.tokenauthority.events.signal.RecordDisallowedAddressUse;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A token's current secret presented from a client address outside its allowed networks (and refused, 403): sent
 * to the token as {@link RecordDisallowedAddressUse} (a {@code DisallowedAddressUsed} event), gathered and bounded as
 * {@link UseSignals} says, with the same intervals as the leak signals.
 */
@Component
public class DisallowedAddressSignals extends UseSignals {

    public DisallowedAddressSignals(CommandGateway commands, Clock clock,
                                    @Value("${token-authority.signals.flush-interval:5s}") Duration interval,
                                    @Value("${token-authority.signals.repeat-interval:1m}") Duration repeatInterval) {
        super("address", commands, clock, interval, repeatInterval);
    }

    @Override
    protected Object command(GatheredUse.Summary gathered) {
        return new RecordDisallowedAddressUse(gathered.tokenId(), gathered.firstSeenAt(), gathered.lastSeenAt(),
                gathered.uses(), gathered.from(), gathered.through());
    }
}

package dev.tokenauthority.command.token;

import dev.tokenauthority.command.project.ProjectPolicies;
import dev.tokenauthority.events.signal.RecordDisallowedAddressUse;
import dev.tokenauthority.events.signal.RecordExpiryWarning;
import dev.tokenauthority.events.signal.RecordOverdueExpiry;
import dev.tokenauthority.events.signal.RecordSupersededUse;
import java.time.Clock;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Handles what other modules observe about a token and send without knowing the aggregate (they may not depend on
 * the command side, so their commands carry no target annotation): a superseded secret presented or a secret
 * presented from outside its allowed networks (the edge), an expiry coming within a lead time or overdue (the
 * query side's sweeps). Each loads the token and lets it decide; a token that no longer exists is nothing to record.
 */
@Component
class ObservedSignals {

    private final Repository<Token> tokens;
    private final ProjectPolicies policies;

    ObservedSignals(Repository<Token> tokenRepository, ProjectPolicies policies) {
        this.tokens = tokenRepository; // named as Axon names the bean, should the generic type not decide
        this.policies = policies;
    }

    @CommandHandler
    void handle(RecordSupersededUse signal, Clock clock, DeadlineManager deadlines) {
        onToken(signal.tokenId(), token ->
                token.recordSupersededUse(signal, policies.onSupersededUse(token.projectId()), clock, deadlines));
    }

    @CommandHandler
    void handle(RecordDisallowedAddressUse signal, Clock clock) {
        onToken(signal.tokenId(), token -> token.recordDisallowedAddressUse(signal, clock));
    }

    @CommandHandler
    void handle(RecordExpiryWarning warning, Clock clock) {
        onToken(warning.tokenId(), token -> token.warnOfExpiry(warning, clock));
    }

    @CommandHandler
    void handle(RecordOverdueExpiry overdue, Clock clock, DeadlineManager deadlines) {
        onToken(overdue.tokenId(), token -> token.expireIfOverdue(clock, deadlines));
    }

    private void onToken(String tokenId, Consumer<Token> action) {
        try {
            tokens.load(tokenId).execute(action);
        } catch (AggregateNotFoundException gone) {
            // an id the sender read a moment before the token went, or never ours: nothing to record
        }
    }
}

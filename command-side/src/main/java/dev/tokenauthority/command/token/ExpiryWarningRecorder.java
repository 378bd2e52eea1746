package dev.tokenauthority.command.token;

import dev.tokenauthority.events.signal.RecordExpiryWarning;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Handles {@link RecordExpiryWarning}, which the query side's sweep sends without knowing the aggregate: loads the
 * token and lets it decide whether the warning is due and new. A token that no longer exists is nothing to warn of.
 */
@Component
class ExpiryWarningRecorder {

    private final Repository<Token> tokens;

    ExpiryWarningRecorder(Repository<Token> tokenRepository) {
        this.tokens = tokenRepository; // named as Axon names the bean, should the generic type not decide
    }

    @CommandHandler
    void handle(RecordExpiryWarning warning, Clock clock) {
        try {
            tokens.load(warning.tokenId()).execute(token -> token.warnOfExpiry(warning, clock));
        } catch (AggregateNotFoundException gone) {
            // a token id the sweep read from a catalogue row that was just removed: nothing to warn of
        }
    }
}

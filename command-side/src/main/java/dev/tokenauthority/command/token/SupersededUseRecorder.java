package dev.tokenauthority.command.token;

import dev.tokenauthority.command.project.ProjectPolicies;
import dev.tokenauthority.events.signal.RecordSupersededUse;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Handles {@link RecordSupersededUse}, which the edge sends without knowing the aggregate (it may not depend on the
 * command side, so its command carries no target annotation): loads the token and lets it decide under the
 * project's policy. A token that no longer exists is nothing to record.
 */
@Component
class SupersededUseRecorder {

    private final Repository<Token> tokens;
    private final ProjectPolicies policies;

    SupersededUseRecorder(Repository<Token> tokenRepository, ProjectPolicies policies) {
        this.tokens = tokenRepository; // named as Axon names the bean, should the generic type not decide
        this.policies = policies;
    }

    @CommandHandler
    void handle(RecordSupersededUse signal, Clock clock, DeadlineManager deadlines) {
        try {
            tokens.load(signal.tokenId()).execute(token ->
                    token.recordSupersededUse(signal, policies.onSupersededUse(token.projectId()), clock, deadlines));
        } catch (AggregateNotFoundException gone) {
            // the verifier only signals for live tokens; a token id it never issued is not ours to record
        }
    }
}

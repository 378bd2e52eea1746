package dev.tokenauthority.query.replay;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** {@code --token-authority.replay-on-start=true}: rebuild the read models once the service is up. */
@Component
@ConditionalOnProperty(name = "token-authority.replay-on-start", havingValue = "true")
class ReplayOnStart {

    private final ReadModelReplay replay;

    ReplayOnStart(ReadModelReplay replay) {
        this.replay = replay;
    }

    @EventListener(ApplicationReadyEvent.class)
    void replay() {
        replay.start();
    }
}

package dev.tokenauthority.query.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * Where a replay stands: {@code state} is {@code idle} (none since start-up), {@code running} or {@code done}.
 * Progress counts events of the store by position; {@code digests} compares each read model before the replay
 * and after it, model by model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayStatus(
        String state,
        Instant startedAt,
        Instant finishedAt,
        Long eventsDone,
        Long eventsTotal,
        Double eventsPerSecond,
        Double secondsLeft,
        Map<String, DigestCheck> digests) {

    /**
     * A read model's digest before and after the replay, and whether they are equal; {@code identical} is left out
     * when events were applied during the replay (the models then differ by those events, rightly).
     */
    public record DigestCheck(String before, String after, Boolean identical) {
    }

    static ReplayStatus idle() {
        return new ReplayStatus("idle", null, null, null, null, null, null, null);
    }
}

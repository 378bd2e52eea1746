package dev.tokenauthority.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

class AppliedPositionTests {

    @Test
    void anEventIsAppliedOnceThePositionIsPastItAndItIsNoGap() {
        AppliedPosition position = AppliedPosition.of(GapAwareTrackingToken.newInstance(10, new TreeSet<>(List.of(7L))));

        assertThat(position.covers(10)).isTrue();
        assertThat(position.covers(8)).isTrue();
        assertThat(position.covers(7)).as("still a gap").isFalse();
        assertThat(position.covers(11)).isFalse();
    }

    @Test
    void theGapsUpToAnIndexAreThoseAtOrBelowIt() {
        AppliedPosition position = new AppliedPosition(10, Set.of(3L, 7L, 9L));

        assertThat(position.gapsUpTo(2)).isEmpty();
        assertThat(position.gapsUpTo(7)).containsExactlyInAnyOrder(3L, 7L);
        assertThat(position.gapsUpTo(10)).containsExactlyInAnyOrder(3L, 7L, 9L);
    }

    @Test
    void aNotificationCarriesIndexAndGapsAndReadsBackTheSame() {
        AppliedPosition position = new AppliedPosition(42, Set.of(3L, 40L));
        String[] sent = position.notified().split(" ");

        assertThat(AppliedPosition.parse(sent[0], sent[1])).isEqualTo(position);
        assertThat(AppliedPosition.parse("5", "-")).isEqualTo(new AppliedPosition(5, Set.of()));
    }

    @Test
    void tooManyGapsForANotificationAreLeftToTheHeartbeat() {
        Set<Long> gaps = LongStream.range(0, AppliedPosition.MAX_NOTIFIED_GAPS + 1).boxed()
                .collect(java.util.stream.Collectors.toSet());

        assertThat(new AppliedPosition(1_000, gaps).notified()).isNull();
    }
}

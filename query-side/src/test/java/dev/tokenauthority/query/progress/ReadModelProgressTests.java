package dev.tokenauthority.query.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;

class ReadModelProgressTests {

    @Test
    void tokenAtOrPastIndexThenCovered() {
        assertThat(ReadModelProgress.covers(GapAwareTrackingToken.newInstance(10, List.of()), 10)).isTrue();
        assertThat(ReadModelProgress.covers(GapAwareTrackingToken.newInstance(11, List.of()), 10)).isTrue();
    }

    @Test
    void tokenBeforeIndexThenNotCovered() {
        assertThat(ReadModelProgress.covers(GapAwareTrackingToken.newInstance(9, List.of()), 10)).isFalse();
        assertThat(ReadModelProgress.covers(null, 0)).isFalse();
    }

    @Test
    void indexInsideAGapThenNotCovered() {
        assertThat(ReadModelProgress.covers(GapAwareTrackingToken.newInstance(12, new TreeSet<>(List.of(10L))), 10))
                .isFalse();
    }

    @Test
    void openGapBelowTheIndexDoesNotHoldUsBack() {
        // A rolled-back insert at 5 leaves a gap that may stay open for long; event 10 is still handled.
        assertThat(ReadModelProgress.covers(GapAwareTrackingToken.newInstance(12, new TreeSet<>(List.of(5L))), 10))
                .isTrue();
    }

    @Test
    void otherTokenTypesCompareByPosition() {
        assertThat(ReadModelProgress.covers(new GlobalSequenceTrackingToken(10), 10)).isTrue();
        assertThat(ReadModelProgress.covers(new GlobalSequenceTrackingToken(9), 10)).isFalse();
    }
}

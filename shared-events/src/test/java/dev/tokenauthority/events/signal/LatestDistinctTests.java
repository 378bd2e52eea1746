package dev.tokenauthority.events.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestDistinctTests {

    @Test
    void aMergeKeepsTheLaterValuesFirstThenTheEarlierOnesNotAmongThem() {
        assertThat(LatestDistinct.merged(List.of("b", "a"), List.of("a", "c", "b", "d")))
                .containsExactly("b", "a", "c", "d");
    }

    @Test
    void aMergeKeepsAtMostFiveTheOldestDropped() {
        assertThat(LatestDistinct.merged(List.of("1", "2", "3"), List.of("3", "4", "5", "6", "7")))
                .containsExactly("1", "2", "3", "4", "5");
        assertThat(LatestDistinct.merged(List.of(), List.of())).isEmpty();
    }

    @Test
    void aValueSeenAgainMovesFirstAndASixthDropsTheOldest() {
        List<String> values = new ArrayList<>();
        for (String value : List.of("a", "b", "c", "a", "d", "e", "f")) {
            LatestDistinct.putFirst(values, value);
        }

        assertThat(values).containsExactly("f", "e", "d", "a", "c");
    }
}

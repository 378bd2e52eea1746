package dev.tokenauthority.events.signal;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rule for a signal's client addresses and ways in ({@code from}, {@code through}): the last {@value #KEPT}
 * distinct values, the latest first. The edge keeps it while it gathers uses and when it merges a batch whose sending
 * failed; the catalogue keeps it across every signal a token gets (each node sends its own, one a minute). One rule in
 * the published language, so the two sides cannot drift apart.
 */
public final class LatestDistinct {

    /** How many distinct values a signal, and the token's row, keep. */
    public static final int KEPT = 5;

    private LatestDistinct() {
    }

    /** {@code later}'s values, then {@code earlier}'s not among them, at most {@value #KEPT}. */
    public static List<String> merged(List<String> later, List<String> earlier) {
        LinkedHashSet<String> merged = new LinkedHashSet<>(later);
        merged.addAll(earlier);
        return merged.stream().limit(KEPT).toList();
    }

    /** Puts {@code value} first in {@code values} (a mutable list, latest first), dropping its older place and the oldest beyond {@value #KEPT}. */
    public static void putFirst(List<String> values, String value) {
        values.remove(value);
        values.add(0, value);
        if (values.size() > KEPT) {
            values.subList(KEPT, values.size()).clear();
        }
    }
}

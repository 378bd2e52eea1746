package dev.tokenauthority.events.access;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the label and selector rules, against an oracle written apart from them: a
 * valid set has at most 64 labels, keys and values of 1 to 63 characters, no nulls; nothing throws; a selector
 * matches the labels it was taken from, also with more labels beside them, and stops matching when one of its
 * pairs is missing.
 */
class LabelsFuzzTests {

    @FuzzTest(maxDuration = "60s")
    void labelRulesAndSelectorMatchingHoldTheirContract(FuzzedDataProvider data) {
        Map<String, String> labels = new HashMap<>();
        int count = data.consumeInt(0, 70);
        for (int i = 0; i < count; i++) {
            labels.put(data.consumeString(70), data.consumeBoolean() ? null : data.consumeString(70));
        }
        boolean valid = Labels.areValid(labels);
        boolean shapeHolds = labels.size() <= Labels.MAX_LABELS && labels.entrySet().stream().allMatch(label ->
                label.getValue() != null && between(label.getKey().length(), 1, 63) && between(label.getValue().length(), 1, 63));
        check(!valid || shapeHolds, "a label set breaking the size rules was accepted: " + labels);
        if (!valid || labels.isEmpty()) {
            return;
        }
        check(Labels.matches(Map.of(), labels), "the empty selector did not match");
        check(Labels.matches(labels, labels), "a selector did not match the labels it was taken from");
        Map<String, String> more = new HashMap<>(labels);
        more.put("Not-A-Valid-Key", "x"); // upper case: no valid label set has it already
        check(Labels.matches(labels, more), "a selector stopped matching when another label was added");
        String anyKey = labels.keySet().iterator().next();
        Map<String, String> fewer = new HashMap<>(labels);
        fewer.remove(anyKey);
        check(!Labels.matches(labels, fewer), "a selector matched labels that lack one of its pairs");
    }

    private static boolean between(int value, int low, int high) {
        return value >= low && value <= high;
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}

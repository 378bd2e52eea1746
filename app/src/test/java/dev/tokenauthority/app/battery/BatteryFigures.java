package dev.tokenauthority.app.battery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures one battery test measured on one deployment, each with its target. Every figure is written to
 * {@code target/battery/figures.tsv} (a line each: test, deployment, figure, value, target, met: yes, NO, or
 * empty for a figure shown without a target) before any is
 * held to its target, so that a failing test still leaves all its figures for {@code bench/battery.sh}'s table.
 */
public final class BatteryFigures {

    static final Path FILE = Path.of("target", "battery", "figures.tsv");

    private final String test;
    private final String deployment;
    private final List<String> broken = new ArrayList<>();

    public BatteryFigures(String test, String deployment) {
        this.test = test;
        this.deployment = deployment;
    }

    /** A figure whose target is "at most {@code max}". */
    public BatteryFigures atMost(String figure, double value, double max) {
        return record(figure, format(value), "≤ " + format(max), value <= max);
    }

    /** A figure whose target is "at least {@code min}". */
    public BatteryFigures atLeast(String figure, double value, double min) {
        return record(figure, format(value), "≥ " + format(min), value >= min);
    }

    /** A figure that must equal {@code expected}. */
    public BatteryFigures exactly(String figure, long value, long expected) {
        return record(figure, format(value), "= " + format(expected), value == expected);
    }

    /** A figure shown for context, with no target of its own. */
    public BatteryFigures context(String figure, String value) {
        return record(figure, value, "", null);
    }

    /** Fails the test if any figure recorded so far broke its target. */
    public void assertAllMet() {
        assertThat(broken).as("%s on %s: figures that broke their target", test, deployment).isEmpty();
    }

    /** {@code met}: null for a figure without a target. */
    private BatteryFigures record(String figure, String value, String target, Boolean met) {
        if (Boolean.FALSE.equals(met)) {
            broken.add(figure + " = " + value + " (target " + target + ")");
        }
        String line = String.join("\t", clean(test), clean(deployment), clean(figure), clean(value), clean(target),
                met == null ? "" : met ? "yes" : "NO") + "\n";
        System.out.printf("battery: %s | %s | %s = %s %s%s%n", test, deployment, figure, value, target,
                Boolean.FALSE.equals(met) ? "  BROKEN" : "");
        append(line);
        return this;
    }

    private static synchronized void append(String line) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format("%.3g", value);
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }
}

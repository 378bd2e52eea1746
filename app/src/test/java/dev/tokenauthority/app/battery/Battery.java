package dev.tokenauthority.app.battery;

import java.util.stream.Stream;

/**
 * The scale and seed of a battery run ({@code bench/battery.sh}). {@code -Dbattery.scale=full} is the battery run
 * by hand (hours); without it every battery test runs its CI slice, small and on a fixed seed, inside
 * {@code mvn verify}. {@code -Dbattery.seed=N} changes the seed of every random choice.
 */
public final class Battery {

    /** The JUnit tag of every test whose figures make the battery's table. */
    public static final String TAG = "battery";
    public static final String H2 = "embedded H2";
    public static final String POSTGRESQL = "PostgreSQL";

    private static final boolean FULL = "full".equals(System.getProperty("battery.scale", "ci"));
    private static final long SEED = Long.getLong("battery.seed", 17);
    /** {@code -Dbattery.stores=H2|PostgreSQL}: the full battery in pieces (one store per run: hours each). */
    private static final String ONLY_STORE = System.getProperty("battery.stores", "");

    private Battery() {
    }

    /** {@code ci} in the CI slice, {@code full} in the full battery. */
    public static int scaled(int ci, int full) {
        return FULL ? full : ci;
    }

    /** The stores a test runs on: both in the full battery; in the CI slice only {@code inCi}, to keep CI short. */
    public static Stream<String> stores(String inCi) {
        return (FULL ? Stream.of(H2, POSTGRESQL) : Stream.of(inCi)).filter(Battery::wanted);
    }

    /** Whether a test runs on {@code store} in this run: every store unless {@code -Dbattery.stores} names some. */
    public static boolean wanted(String store) {
        return ONLY_STORE.isBlank() || java.util.Arrays.stream(ONLY_STORE.split(","))
                .anyMatch(name -> store.toLowerCase().contains(name.trim().toLowerCase()));
    }

    public static boolean full() {
        return FULL;
    }

    public static long seed() {
        return SEED;
    }
}

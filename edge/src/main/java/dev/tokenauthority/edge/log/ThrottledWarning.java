package dev.tokenauthority.edge.log;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * A WARN line that any caller can cause, written at most once per interval: the first occurrence at once, later ones
 * counted and reported on the next line written ({@code (N more like it since the last such line)}). Without it, a
 * client that needs no credentials (a request to a gateway endpoint without the gateway key, or a gateway sending
 * garbage) writes one WARN line per request: a flood that fills disks, costs each request a log write, and buries the
 * lines an operator must see. The count keeps the volume visible; the metrics have every request.
 */
public final class ThrottledWarning {

    private final Logger log;
    private final Clock clock;
    private final long intervalMillis;
    private long lastWrittenAt = Long.MIN_VALUE;
    private long suppressed;

    public ThrottledWarning(Logger log, Clock clock, Duration interval) {
        this.log = log;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /** Logs {@code format} with {@code arguments} at WARN, unless a line of this warning was written within the interval. */
    public void warn(String format, Object... arguments) {
        long more;
        synchronized (this) {
            long now = clock.millis();
            if (lastWrittenAt != Long.MIN_VALUE && now - lastWrittenAt < intervalMillis) {
                suppressed++;
                return;
            }
            lastWrittenAt = now;
            more = suppressed;
            suppressed = 0;
        }
        if (more == 0) {
            log.warn(format, arguments);
        } else {
            log.warn(format + " ({} more like it since the last such line)", append(arguments, more));
        }
    }

    private static Object[] append(Object[] arguments, long more) {
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = more;
        return all;
    }
}

package dev.tokenauthority.command.web;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Token lifetimes as the API takes them, {@code <n><unit>} with units {@code s m h d} (the STACKIT API's
 * {@code ttlDuration}), and the policy around them: the lifetime of a token created without one, and the
 * longest a caller may ask for. Configured as {@code token-authority.tokens.default-lifetime} and
 * {@code token-authority.tokens.max-lifetime}.
 */
@ConfigurationProperties("token-authority.tokens")
public record TokenLifetimes(String defaultLifetime, String maxLifetime) {

    private static final Pattern TTL = Pattern.compile("([1-9][0-9]{0,8})([smhd])");

    public TokenLifetimes {
        defaultLifetime = defaultLifetime == null ? "30d" : defaultLifetime;
        maxLifetime = maxLifetime == null ? "365d" : maxLifetime;
        Duration max = parseOrNull(maxLifetime);
        Duration fallback = parseOrNull(defaultLifetime);
        if (max == null || fallback == null || fallback.compareTo(max) > 0) {
            throw new IllegalArgumentException("token-authority.tokens: default-lifetime and max-lifetime must be"
                    + " <n><unit> with unit s, m, h or d, and the default may not exceed the maximum");
        }
    }

    /** The lifetime a request asks for, or the default when it asks for none; 400 when it is not acceptable. */
    Duration resolve(String ttlDuration) {
        if (ttlDuration == null) {
            return parseOrNull(defaultLifetime);
        }
        Duration requested = parseOrNull(ttlDuration);
        if (requested == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "ttlDuration must be <n><unit> with n a positive integer and unit s, m, h or d, e.g. 30d");
        }
        if (requested.compareTo(parseOrNull(maxLifetime)) > 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "ttlDuration may be at most " + maxLifetime);
        }
        return requested;
    }

    /** For what may live for ever (a service account): no lifetime when none is asked for, else as {@link #resolve}. */
    Duration resolveOptional(String ttlDuration) {
        return ttlDuration == null ? null : resolve(ttlDuration);
    }

    static Duration parseOrNull(String ttl) {
        Matcher m = TTL.matcher(ttl);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}

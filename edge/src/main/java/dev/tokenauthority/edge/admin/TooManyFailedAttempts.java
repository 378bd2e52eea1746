package dev.tokenauthority.edge.admin;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** The caller's address has used up its failed attempts: nothing it presents is checked until Retry-After. */
public final class TooManyFailedAttempts extends AuthenticationException {

    private final Duration retryAfter;

    TooManyFailedAttempts(Duration retryAfter) {
        super("too many failed attempts from this address");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

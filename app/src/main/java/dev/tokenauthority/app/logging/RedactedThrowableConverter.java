package dev.tokenauthority.app.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.tokenauthority.events.secret.SecretFormat;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/** Spring Boot's {@code %wEx} (a stack trace after a blank line), with every secret in it replaced. */
public class RedactedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return SecretFormat.redact(super.throwableProxyToString(throwable));
    }
}

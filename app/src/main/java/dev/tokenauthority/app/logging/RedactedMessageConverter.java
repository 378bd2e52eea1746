package dev.tokenauthority.app.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tokenauthority.events.secret.SecretFormat;

/**
 * Logback's {@code %m}, with every secret of ours in it replaced ({@link SecretFormat#redact}). Installed for the
 * whole log in {@code logback-spring.xml}: our own log lines never carry a secret, but at DEBUG Spring logs the
 * request line and exceptions quote their input, and a client may have put a secret in either.
 */
public class RedactedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return SecretFormat.redact(super.convert(event));
    }
}

package dev.tokenauthority.app.logging;

import dev.tokenauthority.events.secret.SecretFormat;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Boot's structured (JSON) log lines with every string value passed through {@link SecretFormat#redact}: the
 * message, the stack trace and every field, as the text lines' converters do for theirs.
 */
public class RedactedJsonMembers implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, SecretFormat::redact));
    }
}

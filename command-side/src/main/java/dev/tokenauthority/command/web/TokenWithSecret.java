package dev.tokenauthority.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tokenauthority.events.readmodel.TokenView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A token's metadata plus its secret in {@code content}: the body of create and regenerate, and of nothing else. */
record TokenWithSecret(
        String id,
        String name,
        String description,
        Map<String, String> labels,
        String region,
        String state,
        Instant validUntil,
        Instant createdAt,
        Instant lastRegeneratedAt,
        String role,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> selector,
        List<String> allowedNetworks,
        String content) {

    static TokenWithSecret of(TokenView view, String secret) {
        return new TokenWithSecret(view.id(), view.name(), view.description(), view.labels(), view.region(),
                view.state(), view.validUntil(), view.createdAt(), view.lastRegeneratedAt(), view.role(),
                view.selector(), view.allowedNetworks(), secret);
    }

    /** The envelope {@code {"token": {…}}} both calls answer with. */
    @Schema(name = "TokenWithSecretEnvelope")
    record Envelope(TokenWithSecret token) {
    }

    @Override
    public String toString() {
        return "TokenWithSecret[id=" + id + ", content=redacted]";
    }
}

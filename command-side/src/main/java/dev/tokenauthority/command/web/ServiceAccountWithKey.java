package dev.tokenauthority.command.web;

import dev.tokenauthority.events.readmodel.ServiceAccountView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A service account plus its key in {@code content}: the body of create and rotate, and of nothing else. */
record ServiceAccountWithKey(
        String id,
        String projectId,
        String name,
        String description,
        String role,
        String state,
        Instant createdAt,
        Instant validUntil,
        Instant lastRotatedAt,
        String content) {

    static ServiceAccountWithKey of(ServiceAccountView view, String key) {
        return new ServiceAccountWithKey(view.id(), view.projectId(), view.name(), view.description(), view.role(),
                view.state(), view.createdAt(), view.validUntil(), view.lastRotatedAt(), key);
    }

    /** The envelope {@code {"serviceAccount": {…}}} both calls answer with, as the token calls do. */
    @Schema(name = "ServiceAccountWithKeyEnvelope")
    record Envelope(ServiceAccountWithKey serviceAccount) {
    }

    @Override
    public String toString() {
        return "ServiceAccountWithKey[id=" + id + ", content=redacted]";
    }
}

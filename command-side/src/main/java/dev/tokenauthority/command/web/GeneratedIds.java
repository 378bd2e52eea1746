package dev.tokenauthority.command.web;

import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ResponseStatusException;

/** What the token and service-account calls share: ids this service generated, and answers that carry a secret. */
final class GeneratedIds {

    private GeneratedIds() {
    }

    /** Ids we generate are UUIDs: anything else in {@code parameter} names nothing, so 404 with {@code notFound}. */
    static String uuid(String parameter, String value, String notFound) {
        try {
            return UUID.fromString(requireValid(parameter, value)).toString();
        } catch (IllegalArgumentException notAUuid) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, notFound);
        }
    }

    /** RFC 6749 §5.1 style: a response carrying a secret must not be stored by any cache. */
    static ResponseEntity.BodyBuilder secretResponse(HttpStatus status) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache");
    }
}

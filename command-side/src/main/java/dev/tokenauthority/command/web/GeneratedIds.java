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

    /**
     * Ids we generate are UUIDs, in the one form the API gives them out (lower case, with dashes): anything else in
     * {@code parameter}, another spelling of a UUID included, names nothing, so 404 with {@code notFound}. One form
     * only, as the read side has it: a write must never reach a token that a read of the same path says is not there.
     */
    static String uuid(String parameter, String value, String notFound) {
        requireValid(parameter, value);
        try {
            if (UUID.fromString(value).toString().equals(value)) {
                return value;
            }
        } catch (IllegalArgumentException notAUuid) {
            // below
        }
        throw new ResponseStatusException(HttpStatus.NOT_FOUND, notFound);
    }

    /** RFC 6749 §5.1 style: a response carrying a secret must not be stored by any cache. */
    static ResponseEntity.BodyBuilder secretResponse(HttpStatus status) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache");
    }
}

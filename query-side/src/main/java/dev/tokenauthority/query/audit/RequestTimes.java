package dev.tokenauthority.query.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A moment a history question names: an RFC 3339 date-time, or a 400 problem naming the parameter (never the value). */
public final class RequestTimes {

    private RequestTimes() {
    }

    public static Instant parse(String parameter, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, parameter + " must be an RFC 3339 date-time");
        }
    }
}

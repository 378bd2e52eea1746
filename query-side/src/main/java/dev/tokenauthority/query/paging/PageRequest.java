package dev.tokenauthority.query.paging;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A page of a list call: at most {@code size} items ({@code pageSize}, 1-1,000; without it 1,000), after
 * {@code after} ({@code pageToken}, the {@code next} of the page before; none: from the start). Lists are ordered by
 * creation time, then id, which never change: a page token stays valid while items come and go, and no item is
 * listed twice or skipped for another's sake.
 */
public record PageRequest(int size, Cursor after) {

    public static final int MAX_SIZE = 1_000;

    public static PageRequest of(Integer pageSize, String pageToken) {
        if (pageSize != null && (pageSize < 1 || pageSize > MAX_SIZE)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "pageSize must be 1-" + MAX_SIZE);
        }
        return new PageRequest(pageSize == null ? MAX_SIZE : pageSize, pageToken == null ? null : Cursor.decode(pageToken));
    }

    /** Where a page ends: the last item's creation time and id. */
    public record Cursor(Instant createdAt, String id) {

        private static final String VERSION = "c1";

        public String encode() {
            String text = VERSION + ":" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 4);
                if (parts.length == 4 && parts[0].equals(VERSION) && !parts[3].isEmpty() && parts[3].length() <= 63) {
                    return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])), parts[3]);
                }
            } catch (IllegalArgumentException | DateTimeException | ArithmeticException notOurs) {
                // answered below
            }
            // Never echoed: a client may paste anything here.
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "pageToken is not the next of a page of this list");
        }
    }
}

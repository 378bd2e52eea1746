package dev.tokenauthority.query.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit trail over HTTP: a project's, an instance's or a token's history, newest first by default, paged
 * with a stable cursor (positions in the event store never change), filtered by time range, event type, actor
 * and token; its export as JSON Lines; and point-in-time validity of a token.
 */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs, never after
// a change was made.
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class AuditController {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;
    static final int MAX_ACTOR_LENGTH = 200; // the audit_entry.actor column
    private static final String PROJECT = "/v1alpha/projects/{projectId}";
    private static final String INSTANCE = PROJECT + "/regions/{regionId}/instances/{instanceId}";

    private final AuditTrail trail;
    private final TokenValidity validity;
    private final ObjectMapper json;

    AuditController(AuditTrail trail, TokenValidity validity, ObjectMapper json) {
        this.trail = trail;
        this.validity = validity;
        this.json = json;
    }

    @Schema(name = "AuditPage")
    record Page(List<AuditEntry> entries, String next) {
    }

    @GetMapping(PROJECT + "/audit")
    Page project(@PathVariable String projectId, @RequestParam(required = false) String tokenId, Filters filters) {
        return page(projectId, null, null, tokenId == null ? null : requireValid("tokenId", tokenId), filters);
    }

    @GetMapping(INSTANCE + "/audit")
    Page instance(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                  @RequestParam(required = false) String tokenId, Filters filters) {
        return page(projectId, requireValid("regionId", regionId), requireValid("instanceId", instanceId),
                tokenId == null ? null : requireValid("tokenId", tokenId), filters);
    }

    @GetMapping({INSTANCE + "/tokens/{tokenId}/audit", PROJECT + "/regions/{regionId}/tokens/{tokenId}/audit"})
    Page token(@PathVariable String projectId, @PathVariable String regionId,
               @PathVariable(required = false) String instanceId, @PathVariable String tokenId, Filters filters) {
        return page(projectId, requireValid("regionId", regionId),
                instanceId == null ? null : requireValid("instanceId", instanceId), requireValid("tokenId", tokenId), filters);
    }

    @GetMapping(path = PROJECT + "/audit/export", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String projectId,
                                                 @RequestParam(required = false) String tokenId, Filters filters) {
        AuditQuery query = new AuditQuery(requireValid("projectId", projectId), null, null,
                tokenId == null ? null : requireValid("tokenId", tokenId), filters.fromInstant(), filters.toInstant(),
                filters.eventTypeList(), filters.actorFilter(), false, null, Integer.MAX_VALUE);
        StreamingResponseBody body = out -> trail.each(query, entry -> {
            try {
                out.write(json.writeValueAsBytes(entry));
                out.write('\n');
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson"))
                .header("Content-Disposition", "attachment; filename=\"audit-" + projectId + ".jsonl\"").body(body);
    }

    @GetMapping({INSTANCE + "/tokens/{tokenId}/validity", PROJECT + "/regions/{regionId}/tokens/{tokenId}/validity"})
    TokenValidity.Answer validity(@PathVariable String projectId, @PathVariable String regionId,
                                  @PathVariable(required = false) String instanceId, @PathVariable String tokenId,
                                  @RequestParam String at) {
        return validity.at(requireValid("projectId", projectId), requireValid("regionId", regionId),
                        instanceId == null ? null : requireValid("instanceId", instanceId),
                        requireValid("tokenId", tokenId), RequestTimes.parse("at", at))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no token of this id was ever created under this path"));
    }

    /**
     * The filters every audit read takes: {@code from} (inclusive) and {@code to} (exclusive) as RFC 3339,
     * {@code eventType} (comma-separated), {@code actor}, {@code order} ({@code desc}, the default, or
     * {@code asc}), {@code pageSize} (1–500, default 50) and {@code cursor} (the {@code next} of a page).
     */
    record Filters(String from, String to, String eventType, String actor, String order, Integer pageSize,
                   String cursor) {

        Instant fromInstant() {
            return from == null ? null : RequestTimes.parse("from", from);
        }

        Instant toInstant() {
            return to == null ? null : RequestTimes.parse("to", to);
        }

        List<String> eventTypeList() {
            if (eventType == null) {
                return List.of();
            }
            List<String> types = Arrays.stream(eventType.split(",")).map(String::strip).toList();
            if (types.stream().anyMatch(type -> !type.matches("[A-Za-z]{1,64}"))) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "eventType is a comma-separated list of event names");
            }
            return types;
        }

        /**
         * Who acted, as the trail records it ({@code admin:alice}, {@code system}, an identity provider's subject):
         * free text, but none a control character (PostgreSQL refuses a NUL in a text parameter).
         */
        String actorFilter() {
            if (actor != null && (actor.isEmpty() || actor.length() > MAX_ACTOR_LENGTH
                    || actor.chars().anyMatch(Character::isISOControl))) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "actor must be 1-" + MAX_ACTOR_LENGTH + " characters, none a control character");
            }
            return actor;
        }

        boolean newestFirst() {
            if (order == null || order.equals("desc")) {
                return true;
            }
            if (order.equals("asc")) {
                return false;
            }
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "order must be asc or desc");
        }

        int size() {
            if (pageSize == null) {
                return DEFAULT_PAGE;
            }
            if (pageSize < 1 || pageSize > MAX_PAGE) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "pageSize must be 1-" + MAX_PAGE);
            }
            return pageSize;
        }

        /** The cursor names its order, so a cursor of one order cannot silently be used with the other. */
        Long after(boolean newestFirst) {
            if (cursor == null) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
                if (parts.length == 2 && parts[0].equals(newestFirst ? "d" : "a")) {
                    return Long.parseLong(parts[1]);
                }
            } catch (IllegalArgumentException notACursor) {
                // answered below
            }
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "cursor is not a cursor of this order");
        }

        static String cursorAfter(long position, boolean newestFirst) {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(((newestFirst ? "d:" : "a:") + position).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private Page page(String projectId, String regionId, String instanceId, String tokenId, Filters filters) {
        boolean newestFirst = filters.newestFirst();
        int size = filters.size();
        AuditQuery query = new AuditQuery(requireValid("projectId", projectId), regionId, instanceId, tokenId,
                filters.fromInstant(), filters.toInstant(), filters.eventTypeList(), filters.actorFilter(), newestFirst,
                filters.after(newestFirst), size);
        List<AuditEntry> entries = trail.page(query);
        if (entries.size() <= size) {
            return new Page(entries, null);
        }
        List<AuditEntry> page = entries.subList(0, size);
        return new Page(page, Filters.cursorAfter(page.get(size - 1).position(), newestFirst));
    }
}

package dev.tokenauthority.query.accessreview;

import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.query.audit.RequestTimes;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Access review over HTTP: who could {@code query} or {@code manage} an instance at a moment, through which token,
 * secret generation and rule; and the reverse, what a token could reach at a moment. Both from the event store.
 */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs.
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class AccessReviewController {

    private static final String REGION = "/v1alpha/projects/{projectId}/regions/{regionId}";
    private static final String INSTANCE = REGION + "/instances/{instanceId}";

    private final AccessHistory history;
    private final Clock clock;

    AccessReviewController(AccessHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @GetMapping(INSTANCE + "/access")
    InstanceAccess instance(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                            @Parameter(description = "RFC 3339 date-time, not in the future; now when absent")
                            @RequestParam(required = false) String at,
                            @Parameter(description = "query or manage; every action when absent")
                            @RequestParam(required = false) String action) {
        return history.ofInstance(requireValid("projectId", projectId), requireValid("regionId", regionId),
                        requireValid("instanceId", instanceId), moment(at), action(action))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no instance of this id was ever registered under this project and region"));
    }

    @GetMapping({INSTANCE + "/tokens/{tokenId}/access", REGION + "/tokens/{tokenId}/access"})
    TokenReach token(@PathVariable String projectId, @PathVariable String regionId,
                     @PathVariable(required = false) String instanceId, @PathVariable String tokenId,
                     @Parameter(description = "RFC 3339 date-time, not in the future; now when absent")
                     @RequestParam(required = false) String at,
                     @Parameter(description = "query or manage; every action when absent")
                     @RequestParam(required = false) String action) {
        return history.ofToken(requireValid("projectId", projectId), requireValid("regionId", regionId),
                        instanceId == null ? null : requireValid("instanceId", instanceId), requireValid("tokenId", tokenId),
                        moment(at), action(action))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no token of this id was ever created under this path"));
    }

    @ExceptionHandler(AccessHistory.Busy.class)
    ResponseEntity<ProblemDetail> busy(AccessHistory.Busy busy) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.TOO_MANY_REQUESTS, busy.getMessage());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private Instant moment(String at) {
        Instant now = clock.instant();
        if (at == null) {
            return now;
        }
        Instant moment = RequestTimes.parse("at", at);
        if (moment.isAfter(now)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "at is in the future: the history ends now (a token's validUntil says when it will expire)");
        }
        return moment;
    }

    private static Action action(String value) {
        if (value == null) {
            return null;
        }
        Action action = Action.fromValue(value);
        if (action == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "action must be query or manage");
        }
        return action;
    }
}

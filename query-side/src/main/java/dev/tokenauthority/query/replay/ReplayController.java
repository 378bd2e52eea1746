package dev.tokenauthority.query.replay;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /v1alpha/replay} starts rebuilding the read models from the first event (202); {@code GET} shows
 * how far it is, and, once done, whether each rebuilt model's digest equals the one it replaced.
 * {@code GET /v1alpha/replay/digests} gives the live models' digests at any time.
 */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs, never after
// a change was made.
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ReplayController {

    private final ReadModelReplay replay;

    ReplayController(ReadModelReplay replay) {
        this.replay = replay;
    }

    @PostMapping("/v1alpha/replay")
    @ApiResponse(responseCode = "202", description = "started (Location: its status)", useReturnTypeSchema = true)
    ResponseEntity<ReplayStatus> start() {
        if (!replay.start()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "a replay is already running, the service is still catching up after its start, or other nodes "
                            + "of the cluster are serving (a replay rebuilds the tables they share: run it with one node up)");
        }
        return ResponseEntity.accepted().location(URI.create("/v1alpha/replay")).body(replay.status());
    }

    @GetMapping("/v1alpha/replay")
    ReplayStatus status() {
        return replay.status();
    }

    @GetMapping("/v1alpha/replay/digests")
    Map<String, String> digests() {
        return replay.currentDigests();
    }
}

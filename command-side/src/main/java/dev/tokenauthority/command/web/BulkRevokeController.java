package dev.tokenauthority.command.web;

import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.command.token.RevokeToken;
import dev.tokenauthority.command.token.TokenPath;
import dev.tokenauthority.command.token.TokenRejection;
import dev.tokenauthority.events.access.Labels;
import dev.tokenauthority.events.readmodel.FindTokensMatching;
import dev.tokenauthority.events.readmodel.MatchingToken;
import dev.tokenauthority.events.readmodel.NamePrefixes;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /v1alpha/projects/{p}/regions/{r}/tokens/bulk-revoke}: revoke every token of a project and region
 * that matches the criteria (the token's own labels, its instance, its name's prefix). A dry run lists exactly what
 * would be revoked and a digest of that set; the real call repeats the digest and revokes that set, or, if it
 * changed in between, nothing (409). One {@code TokenRevoked} per token, all with the call's request id.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class BulkRevokeController {

    /** The most one call takes: a larger set is a selection to narrow, not a click to make. */
    static final int MAX_TOKENS = 1_000;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelBarrier readModels;

    BulkRevokeController(CommandGateway commands, QueryGateway queries, ReadModelBarrier readModels) {
        this.commands = commands;
        this.queries = queries;
        this.readModels = readModels;
    }

    @PostMapping(path = TokenWriteController.PROJECT_TOKENS + "/bulk-revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "what was revoked (or, in a dry run, would be)", useReturnTypeSchema = true)
    BulkRevocation bulkRevoke(@PathVariable String projectId, @PathVariable String regionId,
                              @RequestBody TokenRequests.BulkRevoke request) {
        FindTokensMatching query = query(requireValid("projectId", projectId), requireValid("regionId", regionId), request);
        if (request.dryRun() == null) {
            throw badRequest("dryRun must be true (list what would be revoked) or false (revoke it)");
        }
        if (!request.dryRun() && (request.selection() == null || !request.selection().matches("[0-9a-f]{64}"))) {
            throw badRequest("selection must be the one the dry run answered (64 hex digits): the real call revokes "
                    + "exactly what the dry run showed");
        }
        List<MatchingToken> tokens = queries.query(query, ResponseTypes.multipleInstancesOf(MatchingToken.class)).join();
        if (tokens.size() > MAX_TOKENS) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "more than " + MAX_TOKENS + " tokens match: narrow the selection");
        }
        String selection = BulkRevocation.selectionOf(tokens);
        if (request.dryRun()) {
            return new BulkRevocation(true, selection, tokens.size(), tokens.stream().map(t -> BulkRevocation.Item.of(t, null)).toList());
        }
        if (!selection.equals(request.selection())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the matching tokens changed since the dry run ("
                    + tokens.size() + " match now): nothing was revoked; run the dry run again");
        }
        List<BulkRevocation.Item> done = new ArrayList<>();
        String last = null;
        for (MatchingToken token : tokens) {
            done.add(BulkRevocation.Item.of(token, revoke(projectId, regionId, token)));
            last = token.tokenId();
        }
        if (last != null) {
            readModels.awaitReadModels(last); // the last one committed last: every revocation is in effect
        }
        return new BulkRevocation(false, selection, tokens.size(), done);
    }

    private String revoke(String projectId, String regionId, MatchingToken token) {
        try {
            commands.sendAndWait(new RevokeToken(token.tokenId(), new TokenPath(projectId, regionId, token.instanceId())));
            return "revoked";
        } catch (CommandExecutionException e) {
            // revoked by another call since the selection was read: the outcome asked for, not a failure
            if (e.getDetails().filter(TokenRejection.TOKEN_REVOKED::equals).isPresent()) {
                return "already-revoked";
            }
            throw e;
        }
    }

    private static FindTokensMatching query(String projectId, String regionId, TokenRequests.BulkRevoke request) {
        Map<String, String> selector = request.selector();
        if (selector != null && (selector.isEmpty() || !Labels.areValid(selector))) {
            throw badRequest("selector must be 1 to " + Labels.MAX_LABELS + " label pairs; " + Labels.RULES);
        }
        String instanceId = request.instanceId() == null ? null : requireValid("instanceId", request.instanceId());
        String prefix = request.namePrefix();
        if (prefix != null && !NamePrefixes.isValid(prefix)) {
            throw badRequest(NamePrefixes.RULE);
        }
        java.time.Instant unusedSince = null;
        if (request.unusedSince() != null) {
            try {
                unusedSince = java.time.OffsetDateTime.parse(request.unusedSince()).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw badRequest("unusedSince must be an RFC 3339 date-time");
            }
        }
        if (selector == null && instanceId == null && prefix == null && unusedSince == null) {
            throw badRequest("give at least one of selector, instanceId, namePrefix, unusedSince: a bulk revocation never "
                    + "takes a whole region by omission");
        }
        return new FindTokensMatching(projectId, regionId, instanceId, selector, prefix, unusedSince, MAX_TOKENS);
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}

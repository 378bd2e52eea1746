package dev.tokenauthority.command.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.command.token.CreateToken;
import dev.tokenauthority.command.token.RegenerateToken;
import dev.tokenauthority.command.token.RevokeToken;
import dev.tokenauthority.command.token.TokenIds;
import dev.tokenauthority.command.token.TokenPath;
import dev.tokenauthority.command.token.UpdateToken;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.readmodel.FindToken;
import dev.tokenauthority.events.readmodel.TokenView;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.secret.TokenSecrets;
import java.security.SecureRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The write half of the token admin API. Each call sends one command, waits until this node's read models
 * show its outcome, and answers from the catalogue. The secret is generated here, hashed here, returned once,
 * and forgotten: the command, the event and every log line get only the keyed hash.
 */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs, never after
// a change was made.
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class TokenWriteController {

    /** Tokens of one instance (the first seed). */
    static final String INSTANCE_TOKENS = "/v1alpha/projects/{projectId}/regions/{regionId}/instances/{instanceId}/tokens";
    /** Selector tokens of a project and region (the second seed). */
    static final String PROJECT_TOKENS = "/v1alpha/projects/{projectId}/regions/{regionId}/tokens";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelBarrier readModels;
    private final SecretHasher hasher;
    private final TokenLifetimes lifetimes;
    private final TokenIds tokenIds;
    private final SecureRandom random = new SecureRandom();

    TokenWriteController(CommandGateway commands, QueryGateway queries, ReadModelBarrier readModels,
                         SecretHasher hasher, TokenLifetimes lifetimes, TokenIds tokenIds) {
        this.commands = commands;
        this.queries = queries;
        this.readModels = readModels;
        this.hasher = hasher;
        this.lifetimes = lifetimes;
        this.tokenIds = tokenIds;
    }

    @PostMapping(path = {INSTANCE_TOKENS, PROJECT_TOKENS}, consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "created; the secret (token.content) is shown this once",
            useReturnTypeSchema = true)
    ResponseEntity<TokenWithSecret.Envelope> create(@PathVariable String projectId, @PathVariable String regionId,
                                                    @PathVariable(required = false) String instanceId,
                                                    @RequestBody TokenRequests.Create request) {
        TokenPath path = path(projectId, regionId, instanceId);
        // An instance token acts as operator on its instance unless asked otherwise; a selector token must say.
        Role role = request.role() == null && path.isInstancePath() ? Role.OPERATOR : Role.fromValue(request.role());
        if (role == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "role must be read-only or operator");
        }
        if (path.isInstancePath() && request.selector() != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "an instance token is scoped by its URL; selector is for " + PROJECT_TOKENS);
        }
        String tokenId = tokenIds.next();
        String secret = TokenSecrets.generate(random);
        commands.sendAndWait(new CreateToken(tokenId, path, request.selector(), role, request.name(),
                request.description(), request.labels(), lifetimes.resolve(request.ttlDuration()),
                hasher.hash(secret), request.allowedNetworks()));
        readModels.awaitReadModels(tokenId);
        TokenView view = find(path, tokenId);
        return secretResponse(HttpStatus.CREATED)
                .location(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{tokenId}").build(tokenId))
                .body(new TokenWithSecret.Envelope(TokenWithSecret.of(view, secret)));
    }

    @PatchMapping(path = {INSTANCE_TOKENS + "/{tokenId}", PROJECT_TOKENS + "/{tokenId}"},
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    TokenView update(@PathVariable String projectId, @PathVariable String regionId, @PathVariable(required = false) String instanceId,
                     @PathVariable String tokenId, @RequestBody TokenRequests.Update request) {
        TokenPath path = path(projectId, regionId, instanceId);
        if (request.name() == null && request.description() == null && request.allowedNetworks() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "give name, description and/or allowedNetworks to change");
        }
        commands.sendAndWait(new UpdateToken(tokenId(tokenId), path, request.name(), request.description(),
                request.allowedNetworks()));
        readModels.awaitReadModels(tokenId(tokenId));
        return find(path, tokenId);
    }

    @PostMapping({INSTANCE_TOKENS + "/{tokenId}/regenerate", PROJECT_TOKENS + "/{tokenId}/regenerate"})
    @ApiResponse(responseCode = "200", description = "the new secret (token.content), shown this once; the old one is "
            + "refused on every node", useReturnTypeSchema = true)
    ResponseEntity<TokenWithSecret.Envelope> regenerate(@PathVariable String projectId,
                                                        @PathVariable String regionId,
                                                        @PathVariable(required = false) String instanceId,
                                                        @PathVariable String tokenId) {
        TokenPath path = path(projectId, regionId, instanceId);
        String secret = TokenSecrets.generate(random);
        commands.sendAndWait(new RegenerateToken(tokenId(tokenId), path, hasher.hash(secret)));
        readModels.awaitReadModels(tokenId(tokenId));
        TokenView view = find(path, tokenId);
        return secretResponse(HttpStatus.OK)
                .body(new TokenWithSecret.Envelope(TokenWithSecret.of(view, secret)));
    }

    @DeleteMapping({INSTANCE_TOKENS + "/{tokenId}", PROJECT_TOKENS + "/{tokenId}"})
    @ApiResponse(responseCode = "204", description = "deleted: its secret is refused on every node")
    ResponseEntity<Void> revoke(@PathVariable String projectId, @PathVariable String regionId,
                                @PathVariable(required = false) String instanceId, @PathVariable String tokenId) {
        commands.sendAndWait(new RevokeToken(tokenId(tokenId), path(projectId, regionId, instanceId)));
        readModels.awaitReadModels(tokenId(tokenId));
        return ResponseEntity.noContent().build();
    }

    private static TokenPath path(String projectId, String regionId, String instanceId) {
        return new TokenPath(requireValid("projectId", projectId), requireValid("regionId", regionId),
                instanceId == null ? null : requireValid("instanceId", instanceId));
    }

    private static String tokenId(String tokenId) {
        return GeneratedIds.uuid("tokenId", tokenId, "no such token under this instance");
    }

    private TokenView find(TokenPath path, String tokenId) {
        return queries.query(new FindToken(path.projectId(), path.regionId(), path.instanceId(), tokenId),
                        ResponseTypes.optionalInstanceOf(TokenView.class))
                .join()
                .orElseThrow(() -> new IllegalStateException("token " + tokenId + " is not in the catalogue"));
    }

    private static ResponseEntity.BodyBuilder secretResponse(HttpStatus status) {
        return GeneratedIds.secretResponse(status);
    }
}

package dev.tokenauthority.command.web;

import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.command.token.CreateToken;
import dev.tokenauthority.command.token.InstancePath;
import dev.tokenauthority.command.token.RegenerateToken;
import dev.tokenauthority.command.token.RenameToken;
import dev.tokenauthority.command.token.RevokeToken;
import dev.tokenauthority.events.readmodel.FindToken;
import dev.tokenauthority.events.readmodel.TokenView;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.secret.TokenSecrets;
import java.net.URI;
import java.security.SecureRandom;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
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

/**
 * The write half of the token admin API. Each call sends one command, waits until this node's read models
 * show its outcome, and answers from the catalogue. The secret is generated here, hashed here, returned once,
 * and forgotten: the command, the event and every log line get only the keyed hash.
 */
@RestController
@RequestMapping("/v1alpha/projects/{projectId}/regions/{regionId}/instances/{instanceId}/tokens")
class TokenWriteController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelBarrier readModels;
    private final SecretHasher hasher;
    private final TokenLifetimes lifetimes;
    private final SecureRandom random = new SecureRandom();

    TokenWriteController(CommandGateway commands, QueryGateway queries, ReadModelBarrier readModels,
                         SecretHasher hasher, TokenLifetimes lifetimes) {
        this.commands = commands;
        this.queries = queries;
        this.readModels = readModels;
        this.hasher = hasher;
        this.lifetimes = lifetimes;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenWithSecret.Envelope> create(@PathVariable String projectId, @PathVariable String regionId,
                                                    @PathVariable String instanceId,
                                                    @RequestBody TokenRequests.Create request) {
        InstancePath instance = instance(projectId, regionId, instanceId);
        String tokenId = UUID.randomUUID().toString();
        String secret = TokenSecrets.generate(random);
        commands.sendAndWait(new CreateToken(tokenId, instance, request.name(), request.description(),
                request.labels(), lifetimes.resolve(request.ttlDuration()), hasher.hash(secret)));
        readModels.awaitReadModels();
        TokenView view = find(instance, tokenId);
        return secretResponse(HttpStatus.CREATED)
                .location(URI.create("/v1alpha/projects/" + projectId + "/regions/" + regionId + "/instances/"
                        + instanceId + "/tokens/" + tokenId))
                .body(new TokenWithSecret.Envelope(TokenWithSecret.of(view, secret)));
    }

    @PatchMapping(path = "/{tokenId}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    TokenView update(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                     @PathVariable String tokenId, @RequestBody TokenRequests.Update request) {
        InstancePath instance = instance(projectId, regionId, instanceId);
        if (request.name() == null && request.description() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give name and/or description to change");
        }
        commands.sendAndWait(new RenameToken(tokenId(tokenId), instance, request.name(), request.description()));
        readModels.awaitReadModels();
        return find(instance, tokenId);
    }

    @PostMapping("/{tokenId}/regenerate")
    ResponseEntity<TokenWithSecret.Envelope> regenerate(@PathVariable String projectId,
                                                        @PathVariable String regionId,
                                                        @PathVariable String instanceId,
                                                        @PathVariable String tokenId) {
        InstancePath instance = instance(projectId, regionId, instanceId);
        String secret = TokenSecrets.generate(random);
        commands.sendAndWait(new RegenerateToken(tokenId(tokenId), instance, hasher.hash(secret)));
        readModels.awaitReadModels();
        TokenView view = find(instance, tokenId);
        return secretResponse(HttpStatus.OK)
                .body(new TokenWithSecret.Envelope(TokenWithSecret.of(view, secret)));
    }

    @DeleteMapping("/{tokenId}")
    ResponseEntity<Void> revoke(@PathVariable String projectId, @PathVariable String regionId,
                                @PathVariable String instanceId, @PathVariable String tokenId) {
        commands.sendAndWait(new RevokeToken(tokenId(tokenId), instance(projectId, regionId, instanceId)));
        readModels.awaitReadModels();
        return ResponseEntity.noContent().build();
    }

    private static InstancePath instance(String projectId, String regionId, String instanceId) {
        return new InstancePath(requireValid("projectId", projectId), requireValid("regionId", regionId),
                requireValid("instanceId", instanceId));
    }

    /** Token ids are UUIDs we generated; anything else cannot name a token. */
    private static String tokenId(String tokenId) {
        try {
            return UUID.fromString(requireValid("tokenId", tokenId)).toString();
        } catch (IllegalArgumentException notAUuid) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such token under this instance");
        }
    }

    private TokenView find(InstancePath instance, String tokenId) {
        return queries.query(new FindToken(instance.projectId(), instance.regionId(), instance.instanceId(), tokenId),
                        ResponseTypes.optionalInstanceOf(TokenView.class))
                .join()
                .orElseThrow(() -> new IllegalStateException("token " + tokenId + " is not in the catalogue"));
    }

    /** RFC 6749 §5.1 style: a response carrying a secret must not be stored by any cache. */
    private static ResponseEntity.BodyBuilder secretResponse(HttpStatus status) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache");
    }
}

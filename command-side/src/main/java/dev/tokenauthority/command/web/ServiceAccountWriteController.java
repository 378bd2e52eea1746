package dev.tokenauthority.command.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.command.serviceaccount.CreateServiceAccount;
import dev.tokenauthority.command.serviceaccount.DeleteServiceAccount;
import dev.tokenauthority.command.serviceaccount.RotateServiceAccountKey;
import dev.tokenauthority.command.serviceaccount.UpdateServiceAccount;
import dev.tokenauthority.events.access.ProjectRole;
import dev.tokenauthority.events.readmodel.FindServiceAccount;
import dev.tokenauthority.events.readmodel.ServiceAccountView;
import dev.tokenauthority.events.secret.SecretFormat;
import dev.tokenauthority.events.secret.SecretHasher;
import java.security.SecureRandom;
import java.util.UUID;
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
 * The write half of a project's service accounts. Like the token calls: the key is generated here, hashed here,
 * returned once and forgotten; each call waits until the change is in effect on every node (a rotated-away key is
 * refused everywhere when the call returns). Who may call it is decided at the edge (owners of the project and
 * the cluster administrator).
 */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs, never after
// a change was made.
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ServiceAccountWriteController {

    static final String SERVICE_ACCOUNTS = "/v1alpha/projects/{projectId}/service-accounts";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelBarrier readModels;
    private final SecretHasher hasher;
    private final TokenLifetimes lifetimes;
    private final SecureRandom random = new SecureRandom();

    ServiceAccountWriteController(CommandGateway commands, QueryGateway queries, ReadModelBarrier readModels,
                                  SecretHasher hasher, TokenLifetimes lifetimes) {
        this.commands = commands;
        this.queries = queries;
        this.readModels = readModels;
        this.hasher = hasher;
        this.lifetimes = lifetimes;
    }

    @PostMapping(path = SERVICE_ACCOUNTS, consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "created; the key (serviceAccount.content) is shown this once",
            useReturnTypeSchema = true)
    ResponseEntity<ServiceAccountWithKey.Envelope> create(@PathVariable String projectId,
                                                          @RequestBody ServiceAccountRequests.Create request) {
        requireValid("projectId", projectId);
        ProjectRole role = role(request.role());
        if (role == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "role must be viewer, editor or owner");
        }
        String id = UUID.randomUUID().toString();
        String key = SecretFormat.SERVICE_ACCOUNT_KEY.generate(random);
        commands.sendAndWait(new CreateServiceAccount(id, projectId, request.name(), request.description(), role,
                lifetimes.resolveOptional(request.ttlDuration()), hasher.hash(key)));
        readModels.awaitReadModels(id);
        return keyResponse(HttpStatus.CREATED)
                .location(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").build(id))
                .body(new ServiceAccountWithKey.Envelope(ServiceAccountWithKey.of(find(projectId, id), key)));
    }

    @PatchMapping(path = SERVICE_ACCOUNTS + "/{serviceAccountId}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    ServiceAccountView update(@PathVariable String projectId, @PathVariable String serviceAccountId,
                              @RequestBody ServiceAccountRequests.Update request) {
        requireValid("projectId", projectId);
        if (request.name() == null && request.description() == null && request.role() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give name, description and/or role to change");
        }
        ProjectRole role = role(request.role());
        if (request.role() != null && role == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "role must be viewer, editor or owner");
        }
        String id = id(serviceAccountId);
        commands.sendAndWait(new UpdateServiceAccount(id, projectId, request.name(), request.description(), role));
        readModels.awaitReadModels(id);
        return find(projectId, id);
    }

    @PostMapping(SERVICE_ACCOUNTS + "/{serviceAccountId}/rotate")
    ResponseEntity<ServiceAccountWithKey.Envelope> rotate(@PathVariable String projectId,
                                                          @PathVariable String serviceAccountId) {
        requireValid("projectId", projectId);
        String id = id(serviceAccountId);
        String key = SecretFormat.SERVICE_ACCOUNT_KEY.generate(random);
        commands.sendAndWait(new RotateServiceAccountKey(id, projectId, hasher.hash(key)));
        readModels.awaitReadModels(id);
        return keyResponse(HttpStatus.OK)
                .body(new ServiceAccountWithKey.Envelope(ServiceAccountWithKey.of(find(projectId, id), key)));
    }

    @DeleteMapping(SERVICE_ACCOUNTS + "/{serviceAccountId}")
    @ApiResponse(responseCode = "204", description = "deleted: its key is refused")
    ResponseEntity<Void> delete(@PathVariable String projectId, @PathVariable String serviceAccountId) {
        requireValid("projectId", projectId);
        String id = id(serviceAccountId);
        commands.sendAndWait(new DeleteServiceAccount(id, projectId));
        readModels.awaitReadModels(id);
        return ResponseEntity.noContent().build();
    }

    private static ProjectRole role(String value) {
        return value == null ? null : ProjectRole.fromValue(value);
    }

    private static String id(String serviceAccountId) {
        return GeneratedIds.uuid("serviceAccountId", serviceAccountId, "no such service account in this project");
    }

    private ServiceAccountView find(String projectId, String id) {
        return queries.query(new FindServiceAccount(projectId, id), ResponseTypes.optionalInstanceOf(ServiceAccountView.class))
                .join()
                .orElseThrow(() -> new IllegalStateException("service account " + id + " is not in the read model"));
    }

    private static ResponseEntity.BodyBuilder keyResponse(HttpStatus status) {
        return GeneratedIds.secretResponse(status);
    }
}

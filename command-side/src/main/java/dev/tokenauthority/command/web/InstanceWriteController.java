package dev.tokenauthority.command.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.command.instance.InstanceCommands.DeleteInstance;
import dev.tokenauthority.command.instance.InstanceCommands.RegisterInstance;
import dev.tokenauthority.command.instance.InstanceCommands.RelabelInstance;
import dev.tokenauthority.command.instance.InstanceCommands.StartInstance;
import dev.tokenauthority.command.instance.InstanceCommands.StopInstance;
import dev.tokenauthority.command.instance.InstancePath;
import dev.tokenauthority.events.instance.InstanceType;
import dev.tokenauthority.events.readmodel.FindInstance;
import dev.tokenauthority.events.readmodel.InstanceView;
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
 * The write half of the instance API: register, relabel, start, stop, delete the resources tokens open. Start,
 * stop and delete are the {@code manage} action: besides the admin key, an operator token covering the
 * instance may call them (checked before this controller, by the admin filter).
 */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs, never after
// a change was made.
@RequestMapping(path = "/v1alpha/projects/{projectId}/regions/{regionId}/instances", produces = MediaType.APPLICATION_JSON_VALUE)
class InstanceWriteController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelBarrier readModels;

    InstanceWriteController(CommandGateway commands, QueryGateway queries, ReadModelBarrier readModels) {
        this.commands = commands;
        this.queries = queries;
        this.readModels = readModels;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "registered (Location: the instance)", useReturnTypeSchema = true)
    ResponseEntity<InstanceView> register(@PathVariable String projectId, @PathVariable String regionId,
                                          @RequestBody InstanceRequests.Register request) {
        InstancePath path = path(projectId, regionId);
        InstanceType type = InstanceType.fromValue(request.type());
        if (type == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "type must be app or experiments");
        }
        String instanceId = request.id() == null ? UUID.randomUUID().toString() : requireValid("id", request.id());
        commands.sendAndWait(new RegisterInstance(instanceId, path, type, request.name(), request.labels()));
        readModels.awaitReadModels(instanceId);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").build(instanceId))
                .body(find(path, instanceId));
    }

    @PatchMapping(path = "/{instanceId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    InstanceView relabel(@PathVariable String projectId, @PathVariable String regionId,
                         @PathVariable String instanceId, @RequestBody InstanceRequests.Update request) {
        InstancePath path = path(projectId, regionId);
        if (request.labels() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give labels, the instance's new own labels");
        }
        commands.sendAndWait(new RelabelInstance(instanceId(instanceId), path, request.labels()));
        readModels.awaitReadModels(instanceId);
        return find(path, instanceId);
    }

    @PostMapping("/{instanceId}/start")
    InstanceView start(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId) {
        InstancePath path = path(projectId, regionId);
        commands.sendAndWait(new StartInstance(instanceId(instanceId), path));
        readModels.awaitReadModels(instanceId);
        return find(path, instanceId);
    }

    @PostMapping("/{instanceId}/stop")
    InstanceView stop(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId) {
        InstancePath path = path(projectId, regionId);
        commands.sendAndWait(new StopInstance(instanceId(instanceId), path));
        readModels.awaitReadModels(instanceId);
        return find(path, instanceId);
    }

    @DeleteMapping("/{instanceId}")
    @ApiResponse(responseCode = "204", description = "deleted: its tokens are refused on every node")
    ResponseEntity<Void> delete(@PathVariable String projectId, @PathVariable String regionId,
                                @PathVariable String instanceId) {
        commands.sendAndWait(new DeleteInstance(instanceId(instanceId), path(projectId, regionId)));
        readModels.awaitReadModels(instanceId);
        return ResponseEntity.noContent().build();
    }

    private static InstancePath path(String projectId, String regionId) {
        return new InstancePath(requireValid("projectId", projectId), requireValid("regionId", regionId));
    }

    private static String instanceId(String instanceId) {
        return requireValid("instanceId", instanceId);
    }

    private InstanceView find(InstancePath path, String instanceId) {
        return queries.query(new FindInstance(path.projectId(), path.regionId(), instanceId),
                        ResponseTypes.optionalInstanceOf(InstanceView.class))
                .join()
                .orElseThrow(() -> new IllegalStateException("instance " + instanceId + " is not in the catalogue"));
    }
}

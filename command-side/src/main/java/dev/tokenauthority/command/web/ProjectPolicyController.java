package dev.tokenauthority.command.web;

import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.command.project.ProjectPolicies;
import dev.tokenauthority.command.project.SetProjectPolicy;
import dev.tokenauthority.events.project.SupersededUsePolicy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET|PUT /v1alpha/projects/{p}/policy}: the project's token policy, {@code {"onSupersededUse": "record" |
 * "revoke"}} (default {@code record}). Setting it is the owner's call (the edge's rule); reading it, any member's.
 * Both read the command side's policy directory, written in the policy event's own transaction: what the answer
 * shows is what the next signal meets.
 */
@RestController
@RequestMapping(path = ProjectPolicyController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectPolicyController {

    static final String PATH = "/v1alpha/projects/{projectId}/policy";

    /** The policy, as set and as shown. */
    record Policy(@Schema(allowableValues = {"record", "revoke"},
            description = "what a superseded secret of a live token, presented anywhere, does: record a signal on the"
                    + " token, or also revoke it") String onSupersededUse) {
    }

    private final CommandGateway commands;
    private final ProjectPolicies policies;

    ProjectPolicyController(CommandGateway commands, ProjectPolicies policies) {
        this.commands = commands;
        this.policies = policies;
    }

    @GetMapping
    @ApiResponse(responseCode = "200", description = "the policy in effect (the defaults if it was never set)",
            useReturnTypeSchema = true)
    Policy get(@PathVariable String projectId) {
        return new Policy(policies.onSupersededUse(requireValid("projectId", projectId)).value());
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "the policy now in effect", useReturnTypeSchema = true)
    Policy set(@PathVariable String projectId, @RequestBody Policy request) {
        requireValid("projectId", projectId);
        SupersededUsePolicy onSupersededUse = request.onSupersededUse() == null ? null
                : SupersededUsePolicy.fromValue(request.onSupersededUse());
        if (onSupersededUse == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "onSupersededUse must be record or revoke");
        }
        commands.sendAndWait(new SetProjectPolicy(projectId, onSupersededUse));
        return new Policy(policies.onSupersededUse(projectId).value());
    }
}

package dev.tokenauthority.query.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tokenauthority.query.paging.ListFilter;
import dev.tokenauthority.query.paging.Page;
import dev.tokenauthority.query.paging.PageRequest;
import org.springframework.web.bind.annotation.RequestParam;
import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.events.readmodel.InstanceView;
import dev.tokenauthority.query.catalogue.InstanceCatalogue;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The read half of the instance API: list and get, from the instance catalogue. */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs, never after
// a change was made.
@RequestMapping(path = "/v1alpha/projects/{projectId}/regions/{regionId}/instances", produces = MediaType.APPLICATION_JSON_VALUE)
class InstanceReadController {

    private final InstanceCatalogue catalogue;

    InstanceReadController(InstanceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The instances and {@code next}: the {@code pageToken} of the next page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InstanceList(List<InstanceView> instances, String next) {
    }

    /** Paged ({@link PageRequest}) and filtered ({@link ListFilter}: state {@code running} or {@code stopped}). */
    @GetMapping
    InstanceList list(@PathVariable String projectId, @PathVariable String regionId,
                      @RequestParam(required = false) Integer pageSize, @RequestParam(required = false) String pageToken,
                      @RequestParam(required = false) String state, @RequestParam(required = false) String namePrefix,
                      @RequestParam(required = false) List<String> label) {
        Page<InstanceView> page = catalogue.page(requireValid("projectId", projectId), requireValid("regionId", regionId),
                ListFilter.of(state, namePrefix, label, List.of(InstanceView.RUNNING, InstanceView.STOPPED)),
                PageRequest.of(pageSize, pageToken));
        return new InstanceList(page.items(), page.next());
    }

    @GetMapping("/{instanceId}")
    InstanceView get(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId) {
        return catalogue.find(requireValid("projectId", projectId), requireValid("regionId", regionId),
                        requireValid("instanceId", instanceId))
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no such instance in this project and region"),
                        null));
    }
}

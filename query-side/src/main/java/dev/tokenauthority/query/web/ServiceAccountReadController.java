package dev.tokenauthority.query.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tokenauthority.query.paging.ListFilter;
import dev.tokenauthority.query.paging.Page;
import dev.tokenauthority.query.paging.PageRequest;
import org.springframework.web.bind.annotation.RequestParam;
import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.events.readmodel.ServiceAccountView;
import dev.tokenauthority.query.serviceaccount.ServiceAccounts;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The read half of a project's service accounts: list and get. Never a key. */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs, never after
// a change was made.
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ServiceAccountReadController {

    static final String SERVICE_ACCOUNTS = "/v1alpha/projects/{projectId}/service-accounts";

    private final ServiceAccounts serviceAccounts;

    ServiceAccountReadController(ServiceAccounts serviceAccounts) {
        this.serviceAccounts = serviceAccounts;
    }

    /** The service accounts and {@code next}: the {@code pageToken} of the next page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServiceAccountList(List<ServiceAccountView> serviceAccounts, String next) {
    }

    /** Paged ({@link PageRequest}) and filtered by state ({@code active}, {@code inactive}) and name prefix. */
    @GetMapping(SERVICE_ACCOUNTS)
    ServiceAccountList list(@PathVariable String projectId,
                            @RequestParam(required = false) Integer pageSize,
                            @RequestParam(required = false) String pageToken,
                            @RequestParam(required = false) String state,
                            @RequestParam(required = false) String namePrefix) {
        Page<ServiceAccountView> page = serviceAccounts.page(requireValid("projectId", projectId),
                ListFilter.of(state, namePrefix, null, List.of("active", "inactive")),
                PageRequest.of(pageSize, pageToken));
        return new ServiceAccountList(page.items(), page.next());
    }

    @GetMapping(SERVICE_ACCOUNTS + "/{serviceAccountId}")
    ServiceAccountView get(@PathVariable String projectId, @PathVariable String serviceAccountId) {
        return serviceAccounts.find(requireValid("projectId", projectId), requireValid("serviceAccountId", serviceAccountId))
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no such service account in this project"),
                        null));
    }
}

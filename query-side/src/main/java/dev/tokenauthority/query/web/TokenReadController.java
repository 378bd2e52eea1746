package dev.tokenauthority.query.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tokenauthority.query.paging.ListFilter;
import dev.tokenauthority.query.paging.Page;
import dev.tokenauthority.query.paging.PageRequest;
import org.springframework.web.bind.annotation.RequestParam;
import static dev.tokenauthority.events.readmodel.ResourceIds.requireValid;

import dev.tokenauthority.events.readmodel.TokenView;
import dev.tokenauthority.query.catalogue.TokenCatalogue;
import dev.tokenauthority.query.usage.TokenUsage;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read half of the token admin API, for instance tokens and the project's selector tokens: list and get,
 * from the catalogue. Never a secret.
 */
@RestController
// JSON only: a request whose Accept header excludes it is refused (406) before the handler runs, never after
// a change was made.
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class TokenReadController {

    static final String INSTANCE_TOKENS = "/v1alpha/projects/{projectId}/regions/{regionId}/instances/{instanceId}/tokens";
    static final String PROJECT_TOKENS = "/v1alpha/projects/{projectId}/regions/{regionId}/tokens";

    private final TokenCatalogue catalogue;
    private final TokenUsage usage;

    TokenReadController(TokenCatalogue catalogue, TokenUsage usage) {
        this.catalogue = catalogue;
        this.usage = usage;
    }

    /** The seed's shape, and {@code next}: the {@code pageToken} of the next page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenList(List<TokenView> tokens, String next) {
    }

    /** Paged ({@link PageRequest}) and filtered ({@link ListFilter}: state {@code active} or {@code inactive}). */
    @GetMapping({INSTANCE_TOKENS, PROJECT_TOKENS})
    TokenList list(@PathVariable String projectId, @PathVariable String regionId,
                   @PathVariable(required = false) String instanceId,
                   @RequestParam(required = false) Integer pageSize, @RequestParam(required = false) String pageToken,
                   @RequestParam(required = false) String state, @RequestParam(required = false) String namePrefix,
                   @RequestParam(required = false) List<String> label) {
        Page<TokenView> page = catalogue.page(requireValid("projectId", projectId), requireValid("regionId", regionId),
                optional("instanceId", instanceId),
                ListFilter.of(state, namePrefix, label, List.of(TokenView.ACTIVE, TokenView.INACTIVE)),
                PageRequest.of(pageSize, pageToken));
        return new TokenList(usage.addTo(page.items()), page.next());
    }

    @GetMapping({INSTANCE_TOKENS + "/{tokenId}", PROJECT_TOKENS + "/{tokenId}"})
    TokenView get(@PathVariable String projectId, @PathVariable String regionId,
                  @PathVariable(required = false) String instanceId, @PathVariable String tokenId) {
        return catalogue.find(requireValid("projectId", projectId), requireValid("regionId", regionId),
                        optional("instanceId", instanceId), requireValid("tokenId", tokenId))
                .map(usage::addTo)
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no such token under this instance"),
                        null));
    }

    private static String optional(String parameter, String id) {
        return id == null ? null : requireValid(parameter, id);
    }
}

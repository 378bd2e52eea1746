package dev.tokenauthority.console.web;

import dev.tokenauthority.events.readmodel.ResourceIds;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriUtils;

/** Where a console page is, and the admin-API path behind it. Ids are checked before they go into either. */
public record ConsolePaths(String projectId, String regionId, String instanceId) {

    public ConsolePaths {
        require(projectId);
        require(regionId);
        if (instanceId != null) {
            require(instanceId);
        }
    }

    private static void require(String id) {
        if (!ResourceIds.isValid(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such page");
        }
    }

    public String region() {
        return "/console/projects/" + projectId + "/regions/" + regionId;
    }

    public String instances() {
        return region() + "/instances";
    }

    public String instance() {
        return instances() + "/" + instanceId;
    }

    /** The token list this page is about: an instance's, or the project's selector tokens in the region. */
    public String tokens() {
        return instanceId == null ? region() + "/tokens" : instance() + "/tokens";
    }

    public String apiRegion() {
        return "/v1alpha/projects/" + projectId + "/regions/" + regionId;
    }

    public String apiInstances() {
        return apiRegion() + "/instances";
    }

    public String apiInstance() {
        return apiInstances() + "/" + instanceId;
    }

    public String apiTokens() {
        return instanceId == null ? apiRegion() + "/tokens" : apiInstance() + "/tokens";
    }

    public static String token(String tokensPath, String tokenId) {
        return tokensPath + "/" + UriUtils.encodePathSegment(tokenId, java.nio.charset.StandardCharsets.UTF_8);
    }
}

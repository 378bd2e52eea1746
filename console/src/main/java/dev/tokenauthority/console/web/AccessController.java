package dev.tokenauthority.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.console.api.AdminApi;
import dev.tokenauthority.console.security.ConsoleUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An instance's access review (its "Access" tab): who could use or manage it at a moment (now by default), through
 * which token, secret generation and rule, as the event store tells it.
 */
@Controller
class AccessController {

    private final AdminApi api;

    AccessController(AdminApi api) {
        this.api = api;
    }

    @GetMapping("/console/projects/{projectId}/regions/{regionId}/instances/{instanceId}/access")
    String access(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                  @RequestParam(required = false) String at, @RequestParam(required = false) String action, Model model) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        ConsoleUser user = HomeController.user();
        ConsoleModel.fill(model, user, where);
        String moment = at == null || at.isBlank() ? null : at.strip();
        String asked = action == null || action.isBlank() ? null : action;
        StringBuilder query = new StringBuilder();
        if (moment != null) {
            query.append("?at=").append(URLEncoder.encode(moment, StandardCharsets.UTF_8));
        }
        if (asked != null) {
            query.append(query.isEmpty() ? "?" : "&").append("action=").append(URLEncoder.encode(asked, StandardCharsets.UTF_8));
        }
        AdminApi.Answer answer = api.get(user, where.apiInstance() + "/access" + query);
        JsonNode review = answer.ok() ? answer.body() : null;
        model.addAttribute("review", review);
        model.addAttribute("grants", review == null ? List.of() : review.path("grants"));
        model.addAttribute("loadError", answer.ok() ? null : answer.detail());
        model.addAttribute("at", moment == null ? "" : moment);
        model.addAttribute("action", asked == null ? "" : asked);
        return "console/access";
    }
}

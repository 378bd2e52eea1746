package dev.tokenauthority.console.web;

import dev.tokenauthority.console.api.AdminApi;
import dev.tokenauthority.console.api.FormErrors;
import dev.tokenauthority.console.security.ConsoleUser;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The project's token policy in the console: what it is (any member), and, for an owner, a choice of what a
 * superseded secret of a live token does when presented (record a signal, or also revoke the token). Reached from a
 * region's selector tokens; the policy is the project's, for all its regions.
 */
@Controller
class PolicyPageController {

    private static final String PAGE = "/console/projects/{projectId}/regions/{regionId}/policy";

    private final AdminApi api;

    PolicyPageController(AdminApi api) {
        this.api = api;
    }

    @GetMapping(PAGE)
    String show(@PathVariable String projectId, @PathVariable String regionId, Model model) {
        return page(new ConsolePaths(projectId, regionId, null), model, Map.of());
    }

    @PostMapping(PAGE)
    String set(@PathVariable String projectId, @PathVariable String regionId,
               @RequestParam(name = "onSupersededUse", required = false) String onSupersededUse, Model model,
               RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, null);
        AdminApi.Answer done = api.call(HomeController.user(), "PUT", policyPath(projectId),
                Map.of("onSupersededUse", onSupersededUse == null ? "" : onSupersededUse));
        if (!done.ok()) {
            return page(where, model, FormErrors.of(done, List.of("onSupersededUse")));
        }
        redirect.addFlashAttribute("notice", "Policy saved: a superseded secret now "
                + ("revoke".equals(done.body().path("onSupersededUse").asText()) ? "revokes its token." : "is recorded on its token."));
        return "redirect:" + where.region() + "/policy";
    }

    private String page(ConsolePaths where, Model model, Map<String, String> errors) {
        ConsoleUser user = HomeController.user();
        ConsoleModel.fill(model, user, where);
        AdminApi.Answer policy = api.call(user, "GET", policyPath(where.projectId()), null);
        model.addAttribute("policy", policy.ok() ? policy.body() : null);
        model.addAttribute("loadError", policy.ok() ? null : policy.detail());
        model.addAttribute("errors", errors);
        return "console/policy";
    }

    private static String policyPath(String projectId) {
        return "/v1alpha/projects/" + projectId + "/policy";
    }
}

package dev.tokenauthority.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.console.api.AdminApi;
import dev.tokenauthority.console.api.FormErrors;
import dev.tokenauthority.console.security.ConsoleUser;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
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
 * The project's webhooks in the console (owners only, as in the API): each with its last deliveries, a form to
 * register one (its signing secret shown once, on the page the registration leads to, like a token's) and a
 * button to remove one. Reached from a region's selector tokens; the webhooks are the project's.
 */
@Controller
class WebhooksPageController {

    private static final String PAGE = "/console/projects/{projectId}/regions/{regionId}/webhooks";
    private static final String SECRET_KEY = "webhook:";
    static final int DELIVERIES_SHOWN = 10;

    private final AdminApi api;

    WebhooksPageController(AdminApi api) {
        this.api = api;
    }

    @GetMapping(PAGE)
    String show(@PathVariable String projectId, @PathVariable String regionId,
                @RequestParam(name = "registered", required = false) String registered, HttpSession session, Model model) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, null);
        if (registered != null) {
            model.addAttribute("registeredId", registered);
            model.addAttribute("secret", OneTimeSecrets.take(session, SECRET_KEY + registered));
        }
        return page(where, model, Map.of(), "", "");
    }

    @PostMapping(PAGE)
    String register(@PathVariable String projectId, @PathVariable String regionId,
                    @RequestParam(name = "url", required = false) String url,
                    @RequestParam(name = "description", required = false) String description, HttpSession session,
                    Model model) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, null);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("url", url == null ? "" : url.strip());
        body.put("description", description == null ? "" : description);
        AdminApi.Answer done = api.call(HomeController.user(), "POST", webhooksPath(projectId), body);
        if (!done.ok()) {
            return page(where, model, FormErrors.of(done, List.of("url", "description")), body.get("url"),
                    body.get("description"));
        }
        String id = done.body().path("webhook").path("id").asText();
        OneTimeSecrets.keep(session, SECRET_KEY + id, done.body().path("secret").asText());
        return "redirect:" + where.region() + "/webhooks?registered=" + id;
    }

    @PostMapping(PAGE + "/{webhookId}/remove")
    String remove(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String webhookId,
                  RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, null);
        AdminApi.Answer done = api.call(HomeController.user(), "DELETE", webhooksPath(projectId) + "/" + webhookId, null);
        redirect.addFlashAttribute(done.ok() ? "notice" : "error",
                done.ok() ? "Webhook removed: it gets nothing from now on." : done.detail());
        return "redirect:" + where.region() + "/webhooks";
    }

    /** A webhook and its last deliveries, as the page shows them. */
    record Shown(JsonNode webhook, JsonNode deliveries) {
    }

    private String page(ConsolePaths where, Model model, Map<String, String> errors, String url, String description) {
        ConsoleUser user = HomeController.user();
        ConsoleModel.fill(model, user, where);
        model.addAttribute("errors", errors);
        model.addAttribute("url", url);
        model.addAttribute("description", description);
        model.addAttribute("webhooks", List.of());
        if (!Boolean.TRUE.equals(model.getAttribute("canOwn"))) {
            return "console/webhooks"; // the API would refuse every call: say who may, ask nothing
        }
        AdminApi.Answer listed = api.call(user, "GET", webhooksPath(where.projectId()), null);
        model.addAttribute("loadError", listed.ok() ? null : listed.detail());
        if (listed.ok()) {
            List<Shown> shown = new java.util.ArrayList<>();
            for (JsonNode webhook : listed.body().path("webhooks")) {
                AdminApi.Answer deliveries = api.call(user, "GET", webhooksPath(where.projectId()) + "/"
                        + webhook.path("id").asText() + "/deliveries?limit=" + DELIVERIES_SHOWN, null);
                shown.add(new Shown(webhook, deliveries.ok() ? deliveries.body().path("deliveries") : null));
            }
            model.addAttribute("webhooks", shown);
        }
        return "console/webhooks";
    }

    private static String webhooksPath(String projectId) {
        return "/v1alpha/projects/" + projectId + "/webhooks";
    }
}

package dev.tokenauthority.console.web;

import dev.tokenauthority.console.api.AdminApi;
import dev.tokenauthority.console.api.FormErrors;
import dev.tokenauthority.console.security.ConsoleUser;
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
 * Bulk revocation in the console: the criteria (the tokens' labels, an instance, a name prefix), then the list of
 * exactly what would be revoked (the API's dry run), then one button that revokes that list, or, if it changed in
 * the meantime, nothing, and shows the new list.
 */
@Controller
class BulkRevokePageController {

    private static final String PAGE = "/console/projects/{projectId}/regions/{regionId}/bulk-revoke";
    private static final List<String> FIELDS = List.of("selector", "instanceId", "namePrefix");

    private final AdminApi api;

    BulkRevokePageController(AdminApi api) {
        this.api = api;
    }

    @GetMapping(PAGE)
    String form(@PathVariable String projectId, @PathVariable String regionId, Model model) {
        return page(new ConsolePaths(projectId, regionId, null), model, Map.of(), null, Map.of());
    }

    @PostMapping(PAGE)
    String submit(@PathVariable String projectId, @PathVariable String regionId, @RequestParam Map<String, String> form,
                  Model model, RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, null);
        ConsoleUser user = HomeController.user();
        String path = where.apiRegion() + "/tokens/bulk-revoke";
        Map<String, Object> criteria = criteria(form);
        if ("revoke".equals(form.get("step"))) {
            Map<String, Object> body = new LinkedHashMap<>(criteria);
            body.put("dryRun", false);
            body.put("selection", form.getOrDefault("selection", ""));
            AdminApi.Answer done = api.call(user, "POST", path, body);
            if (done.ok()) {
                redirect.addFlashAttribute("notice", "Revoked " + done.body().path("count").asInt() + " token(s).");
                return "redirect:" + where.tokens();
            }
            if (done.status() != 409) {
                return page(where, model, form, null, FormErrors.of(done, FIELDS));
            }
            model.addAttribute("error", done.detail()); // the set changed: show the new one
        }
        Map<String, Object> body = new LinkedHashMap<>(criteria);
        body.put("dryRun", true);
        AdminApi.Answer preview = api.call(user, "POST", path, body);
        if (!preview.ok()) {
            return page(where, model, form, null, FormErrors.of(preview, FIELDS));
        }
        return page(where, model, form, preview, Map.of());
    }

    private static Map<String, Object> criteria(Map<String, String> form) {
        Map<String, Object> criteria = new LinkedHashMap<>();
        String labels = form.getOrDefault("selector", "");
        if (!labels.isBlank()) {
            criteria.put("selector", ConsoleModel.labels(labels));
        }
        for (String field : List.of("instanceId", "namePrefix")) {
            String value = form.getOrDefault(field, "").strip();
            if (!value.isEmpty()) {
                criteria.put(field, value);
            }
        }
        return criteria;
    }

    private String page(ConsolePaths where, Model model, Map<String, String> form, AdminApi.Answer preview,
                        Map<String, String> errors) {
        ConsoleModel.fill(model, HomeController.user(), where);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("preview", preview == null ? null : preview.body());
        return "console/bulk-revoke";
    }
}

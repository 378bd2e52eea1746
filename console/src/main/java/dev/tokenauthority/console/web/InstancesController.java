package dev.tokenauthority.console.web;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A region's instances (the first seed's sidebar → instance, the second's AI Apps with their Tags): the list,
 * registering one, an instance's page with its state and labels (the reserved {@code token-authority/…} ones shown,
 * not editable), start, stop and delete.
 */
@Controller
class InstancesController {

    private static final String RESERVED = "token-authority/";
    private static final String REGION = "/console/projects/{projectId}/regions/{regionId}";

    private final AdminApi api;

    InstancesController(AdminApi api) {
        this.api = api;
    }

    @GetMapping(REGION)
    String region(@PathVariable String projectId, @PathVariable String regionId) {
        return "redirect:" + new ConsolePaths(projectId, regionId, null).instances();
    }

    @GetMapping(REGION + "/instances")
    String list(@PathVariable String projectId, @PathVariable String regionId, Model model) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, null);
        return listPage(where, model, Map.of(), Map.of());
    }

    @PostMapping(REGION + "/instances")
    String register(@PathVariable String projectId, @PathVariable String regionId, @RequestParam Map<String, String> form,
                    Model model) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", form.getOrDefault("type", "app"));
        if (!form.getOrDefault("name", "").isBlank()) {
            body.put("name", form.get("name").strip());
        }
        body.put("labels", ConsoleModel.labels(form.get("labels")));
        AdminApi.Answer answer = api.call(HomeController.user(), "POST", where.apiInstances(), body);
        if (!answer.ok()) {
            return listPage(where, model, form, FormErrors.of(answer, List.of("type", "name", "labels")));
        }
        return "redirect:" + where.instances() + "/" + answer.body().path("id").asText();
    }

    @GetMapping(REGION + "/instances/{instanceId}")
    String instance(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                    Model model) {
        return instancePage(new ConsolePaths(projectId, regionId, instanceId), model, null, Map.of());
    }

    @PostMapping(REGION + "/instances/{instanceId}/labels")
    String relabel(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                   @RequestParam(name = "labels", required = false) String labels, Model model,
                   RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        AdminApi.Answer answer = api.call(HomeController.user(), "PATCH", where.apiInstance(),
                Map.of("labels", ConsoleModel.labels(labels)));
        if (!answer.ok()) {
            return instancePage(where, model, labels, FormErrors.of(answer, List.of("labels")));
        }
        redirect.addFlashAttribute("notice", "Labels saved.");
        return "redirect:" + where.instance();
    }

    @PostMapping(REGION + "/instances/{instanceId}/{action:start|stop}")
    String startOrStop(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                       @PathVariable String action, RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        AdminApi.Answer answer = api.call(HomeController.user(), "POST", where.apiInstance() + "/" + action, null);
        redirect.addFlashAttribute(answer.ok() ? "notice" : "error",
                answer.ok() ? (action.equals("start") ? "Started." : "Stopped.") : answer.detail());
        return "redirect:" + where.instance();
    }

    @GetMapping(REGION + "/instances/{instanceId}/delete")
    String confirmDelete(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                         Model model) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        ConsoleModel.fill(model, HomeController.user(), where);
        model.addAttribute("what", "instance");
        model.addAttribute("name", instanceId);
        model.addAttribute("action", where.instance() + "/delete");
        model.addAttribute("back", where.instance());
        return "console/confirm-delete";
    }

    @PostMapping(REGION + "/instances/{instanceId}/delete")
    String delete(@PathVariable String projectId, @PathVariable String regionId, @PathVariable String instanceId,
                  @RequestParam(name = "confirmName", required = false) String typed, Model model,
                  RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        if (!instanceId.equals(typed == null ? null : typed.strip())) {
            confirmDelete(projectId, regionId, instanceId, model);
            model.addAttribute("errors", Map.of("confirmName", "Type the instance's id exactly to delete it."));
            return "console/confirm-delete";
        }
        AdminApi.Answer answer = api.call(HomeController.user(), "DELETE", where.apiInstance(), null);
        redirect.addFlashAttribute(answer.ok() ? "notice" : "error", answer.ok() ? "Instance " + instanceId + " deleted." : answer.detail());
        return "redirect:" + where.instances();
    }

    private String listPage(ConsolePaths where, Model model, Map<String, String> form, Map<String, String> errors) {
        ConsoleUser user = HomeController.user();
        ConsoleModel.fill(model, user, where);
        AdminApi.Answer answer = api.get(user, where.apiInstances());
        model.addAttribute("instances", answer.ok() ? answer.body().path("instances") : List.of());
        model.addAttribute("loadError", answer.ok() ? null : answer.detail());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "console/instances";
    }

    private String instancePage(ConsolePaths where, Model model, String labelsText, Map<String, String> errors) {
        ConsoleUser user = HomeController.user();
        ConsoleModel.fill(model, user, where);
        AdminApi.Answer answer = api.get(user, where.apiInstance());
        if (!answer.ok()) {
            model.addAttribute("loadError", answer.detail());
            return "console/instance";
        }
        JsonNode instance = answer.body();
        Map<String, String> own = new LinkedHashMap<>();
        Map<String, String> reserved = new LinkedHashMap<>();
        instance.path("labels").properties().forEach(label ->
                (label.getKey().startsWith(RESERVED) ? reserved : own).put(label.getKey(), label.getValue().asText()));
        model.addAttribute("instance", instance);
        model.addAttribute("reservedLabels", reserved);
        model.addAttribute("labelsText", labelsText != null ? labelsText : ConsoleModel.text(own));
        model.addAttribute("errors", errors);
        return "console/instance";
    }
}

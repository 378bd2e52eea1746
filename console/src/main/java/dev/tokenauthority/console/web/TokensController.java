package dev.tokenauthority.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.console.api.AdminApi;
import dev.tokenauthority.console.api.FormErrors;
import dev.tokenauthority.console.security.ConsoleUser;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
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
 * Tokens in the console, for one instance (the first seed's "Tracking tokens") and for the project's label
 * selectors in a region (the second seed's "Tokens" tab): the list, Create, the secret shown once, a token's
 * details pane with its history, edit and Save, Regenerate behind a confirmation, Delete by typing the name.
 */
@Controller
class TokensController {

    private static final String INSTANCE_TOKENS = "/console/projects/{projectId}/regions/{regionId}/instances/{instanceId}/tokens";
    private static final String SELECTOR_TOKENS = "/console/projects/{projectId}/regions/{regionId}/tokens";
    private static final List<String> FIELDS = List.of("name", "description", "ttlDuration", "selector", "role",
            "allowedNetworks");
    private static final List<String> EDIT_FIELDS = List.of("name", "description", "allowedNetworks");

    private final AdminApi api;

    TokensController(AdminApi api) {
        this.api = api;
    }

    @GetMapping({INSTANCE_TOKENS, SELECTOR_TOKENS})
    String list(@PathVariable String projectId, @PathVariable String regionId,
                @PathVariable(required = false) String instanceId,
                @RequestParam(name = "token", required = false) String tokenId,
                @RequestParam Map<String, String> query, Model model, HttpSession session, HttpServletResponse response) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        Map<String, String> form = new LinkedHashMap<>(query);
        form.remove("token");
        return tokensPage(where, tokenId, form, Map.of(), Map.of(), model, session, response);
    }

    @PostMapping({INSTANCE_TOKENS, SELECTOR_TOKENS})
    String create(@PathVariable String projectId, @PathVariable String regionId,
                  @PathVariable(required = false) String instanceId, @RequestParam Map<String, String> form,
                  Model model, HttpSession session, HttpServletResponse response) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", form.getOrDefault("name", "").strip());
        if (!form.getOrDefault("description", "").isBlank()) {
            body.put("description", form.get("description").strip());
        }
        if (!form.getOrDefault("ttlDuration", "").isBlank()) {
            body.put("ttlDuration", form.get("ttlDuration").strip());
        }
        if (!form.getOrDefault("allowedNetworks", "").isBlank()) {
            body.put("allowedNetworks", ConsoleModel.entries(form.get("allowedNetworks")));
        }
        if (instanceId == null) {
            body.put("selector", ConsoleModel.labels(form.get("selector")));
            body.put("role", form.getOrDefault("role", "read-only"));
        }
        AdminApi.Answer answer = api.call(HomeController.user(), "POST", where.apiTokens(), body);
        if (!answer.ok()) {
            response.setStatus(answer.status() == 403 ? 403 : 400);
            return tokensPage(where, null, form, FormErrors.of(answer, FIELDS), Map.of(), model, session, response);
        }
        JsonNode token = answer.body().path("token");
        OneTimeSecrets.keep(session, token.path("id").asText(), token.path("content").asText());
        return "redirect:" + ConsolePaths.token(where.tokens(), token.path("id").asText()) + "/secret";
    }

    /** The one page that shows a secret: once, never cached; a reload finds it gone. */
    @GetMapping({INSTANCE_TOKENS + "/{tokenId}/secret", SELECTOR_TOKENS + "/{tokenId}/secret"})
    String secret(@PathVariable String projectId, @PathVariable String regionId,
                  @PathVariable(required = false) String instanceId, @PathVariable String tokenId, Model model,
                  HttpSession session, HttpServletResponse response) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        ConsoleModel.fill(model, HomeController.user(), where);
        AdminApi.Answer token = api.get(HomeController.user(), ConsolePaths.token(where.apiTokens(), tokenId));
        model.addAttribute("token", token.ok() ? token.body() : null);
        model.addAttribute("secret", OneTimeSecrets.take(session, tokenId));
        model.addAttribute("back", where.tokens());
        return "console/secret";
    }

    @PostMapping({INSTANCE_TOKENS + "/{tokenId}", SELECTOR_TOKENS + "/{tokenId}"})
    String update(@PathVariable String projectId, @PathVariable String regionId,
                  @PathVariable(required = false) String instanceId, @PathVariable String tokenId,
                  @RequestParam Map<String, String> form, Model model, HttpSession session, HttpServletResponse response,
                  RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", form.getOrDefault("name", "").strip());
        body.put("description", form.getOrDefault("description", "").strip());
        if (form.containsKey("allowedNetworks")) { // the edit form shows the list: what it sends is the new list
            body.put("allowedNetworks", ConsoleModel.entries(form.get("allowedNetworks")));
        }
        AdminApi.Answer answer = api.call(HomeController.user(), "PATCH", ConsolePaths.token(where.apiTokens(), tokenId), body);
        if (!answer.ok()) {
            response.setStatus(answer.status() == 403 ? 403 : 400);
            return tokensPage(where, tokenId, Map.of(), Map.of(), FormErrors.of(answer, EDIT_FIELDS),
                    model, session, response);
        }
        redirect.addFlashAttribute("notice", "Saved.");
        return "redirect:" + where.tokens() + "?token=" + tokenId;
    }

    @GetMapping({INSTANCE_TOKENS + "/{tokenId}/regenerate", SELECTOR_TOKENS + "/{tokenId}/regenerate"})
    String confirmRegenerate(@PathVariable String projectId, @PathVariable String regionId,
                             @PathVariable(required = false) String instanceId, @PathVariable String tokenId, Model model) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        ConsoleModel.fill(model, HomeController.user(), where);
        AdminApi.Answer token = api.get(HomeController.user(), ConsolePaths.token(where.apiTokens(), tokenId));
        model.addAttribute("token", token.ok() ? token.body() : null);
        model.addAttribute("action", ConsolePaths.token(where.tokens(), tokenId) + "/regenerate");
        model.addAttribute("back", where.tokens() + "?token=" + tokenId);
        return "console/confirm-regenerate";
    }

    @PostMapping({INSTANCE_TOKENS + "/{tokenId}/regenerate", SELECTOR_TOKENS + "/{tokenId}/regenerate"})
    String regenerate(@PathVariable String projectId, @PathVariable String regionId,
                      @PathVariable(required = false) String instanceId, @PathVariable String tokenId,
                      HttpSession session, RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        AdminApi.Answer answer = api.call(HomeController.user(), "POST",
                ConsolePaths.token(where.apiTokens(), tokenId) + "/regenerate", null);
        if (!answer.ok()) {
            redirect.addFlashAttribute("error", answer.detail());
            return "redirect:" + where.tokens() + "?token=" + tokenId;
        }
        OneTimeSecrets.keep(session, tokenId, answer.body().path("token").path("content").asText());
        return "redirect:" + ConsolePaths.token(where.tokens(), tokenId) + "/secret";
    }

    @GetMapping({INSTANCE_TOKENS + "/{tokenId}/delete", SELECTOR_TOKENS + "/{tokenId}/delete"})
    String confirmDelete(@PathVariable String projectId, @PathVariable String regionId,
                         @PathVariable(required = false) String instanceId, @PathVariable String tokenId, Model model) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        ConsoleModel.fill(model, HomeController.user(), where);
        AdminApi.Answer token = api.get(HomeController.user(), ConsolePaths.token(where.apiTokens(), tokenId));
        model.addAttribute("what", "token");
        model.addAttribute("name", token.ok() ? token.body().path("name").asText() : tokenId);
        model.addAttribute("action", ConsolePaths.token(where.tokens(), tokenId) + "/delete");
        model.addAttribute("back", where.tokens() + "?token=" + tokenId);
        return "console/confirm-delete";
    }

    @PostMapping({INSTANCE_TOKENS + "/{tokenId}/delete", SELECTOR_TOKENS + "/{tokenId}/delete"})
    String delete(@PathVariable String projectId, @PathVariable String regionId,
                  @PathVariable(required = false) String instanceId, @PathVariable String tokenId,
                  @RequestParam(name = "confirmName", required = false) String typed, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        ConsolePaths where = new ConsolePaths(projectId, regionId, instanceId);
        AdminApi.Answer token = api.get(HomeController.user(), ConsolePaths.token(where.apiTokens(), tokenId));
        String name = token.ok() ? token.body().path("name").asText() : null;
        if (name == null || !name.equals(typed == null ? null : typed.strip())) {
            confirmDelete(projectId, regionId, instanceId, tokenId, model);
            response.setStatus(400);
            model.addAttribute("errors", Map.of("confirmName", "Type the token's name exactly to delete it."));
            return "console/confirm-delete";
        }
        AdminApi.Answer answer = api.call(HomeController.user(), "DELETE", ConsolePaths.token(where.apiTokens(), tokenId), null);
        redirect.addFlashAttribute(answer.ok() ? "notice" : "error", answer.ok() ? "Token " + name + " deleted." : answer.detail());
        return "redirect:" + where.tokens();
    }

    private String tokensPage(ConsolePaths where, String selectedId, Map<String, String> form,
                              Map<String, String> createErrors, Map<String, String> editErrors, Model model,
                              HttpSession session, HttpServletResponse response) {
        ConsoleUser user = HomeController.user();
        ConsoleModel.fill(model, user, where);
        AdminApi.Answer tokens = api.get(user, where.apiTokens());
        model.addAttribute("tokens", tokens.ok() ? tokens.body().path("tokens") : List.of());
        model.addAttribute("loadError", tokens.ok() ? null : tokens.detail());
        if (where.instanceId() != null) {
            AdminApi.Answer instance = api.get(user, where.apiInstance());
            model.addAttribute("instance", instance.ok() ? instance.body() : null);
        } else {
            model.addAttribute("preview", preview(user, where, form.get("selector")));
        }
        model.addAttribute("form", form);
        model.addAttribute("errors", createErrors);
        model.addAttribute("editErrors", editErrors);
        if (selectedId != null) {
            AdminApi.Answer selected = api.get(user, ConsolePaths.token(where.apiTokens(), selectedId));
            if (selected.ok()) {
                model.addAttribute("selected", selected.body());
                List<String> networks = new ArrayList<>();
                selected.body().path("allowedNetworks").forEach(network -> networks.add(network.asText()));
                model.addAttribute("selectedNetworks", networks);
                AdminApi.Answer history = api.get(user, ConsolePaths.token(where.apiTokens(), selectedId) + "/audit");
                model.addAttribute("history", history.ok() ? history.body().path("entries") : List.of());
            }
        }
        return "console/tokens";
    }

    /** The instances a selector (as typed in the form) matches now, from the instance list: what it would open. */
    private List<JsonNode> preview(ConsoleUser user, ConsolePaths where, String selectorText) {
        Map<String, String> selector = ConsoleModel.labels(selectorText);
        List<JsonNode> matching = new ArrayList<>();
        if (selector.isEmpty()) {
            return matching;
        }
        AdminApi.Answer instances = api.get(user, where.apiInstances());
        for (JsonNode instance : instances.body().path("instances")) {
            JsonNode labels = instance.path("labels");
            if (selector.entrySet().stream().allMatch(pair -> pair.getValue().equals(labels.path(pair.getKey()).asText(null)))) {
                matching.add(instance);
            }
        }
        return matching;
    }
}

package dev.tokenauthority.console.web;

import dev.tokenauthority.console.security.ConsoleUser;
import dev.tokenauthority.events.readmodel.ResourceIds;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's start: straight to the one project a service account has, else a chooser of project and region. */
@Controller
class HomeController {

    static final String DEFAULT_REGION = "eu01";

    @GetMapping({"/console", "/console/"})
    String home() {
        ConsoleUser user = user();
        if (user.projects().size() == 1 && !user.isClusterAdmin()) {
            return "redirect:/console/projects/" + user.projects().iterator().next() + "/regions/" + DEFAULT_REGION + "/instances";
        }
        return "redirect:/console/projects";
    }

    @GetMapping("/console/projects")
    String projects(Model model, @RequestParam(name = "project", required = false) String project,
                    @RequestParam(name = "region", required = false) String region) {
        ConsoleUser user = user();
        if (project != null || region != null) {
            if (ResourceIds.isValid(project) && ResourceIds.isValid(region)) {
                return "redirect:/console/projects/" + project + "/regions/" + region + "/instances";
            }
            model.addAttribute("error", "A project and a region are 1-63 letters, digits, '.', '_' or '-'.");
        }
        model.addAttribute("user", user);
        model.addAttribute("projects", user.projects());
        model.addAttribute("defaultRegion", DEFAULT_REGION);
        return "console/projects";
    }

    static ConsoleUser user() {
        return (ConsoleUser) SecurityContextHolder.getContext().getAuthentication();
    }
}

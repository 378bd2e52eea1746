package dev.tokenauthority.console.web;

import dev.tokenauthority.console.security.ConsoleUser;
import dev.tokenauthority.events.access.ProjectRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.ui.Model;

/** What every console page shows around its content: who is signed in, where they are, what they may do. */
final class ConsoleModel {

    private ConsoleModel() {
    }

    static void fill(Model model, ConsoleUser user, ConsolePaths where) {
        model.addAttribute("user", user);
        model.addAttribute("where", where);
        model.addAttribute("canEdit", user.may(where.projectId(), ProjectRole.EDITOR));
        model.addAttribute("canOwn", user.may(where.projectId(), ProjectRole.OWNER));
    }

    /** Label text as people type it, one {@code key=value} per line, into a map; {@code null} lines are skipped. */
    /** A list typed one entry per line (or separated by commas or spaces): the entries, in order. */
    static List<String> entries(String text) {
        List<String> entries = new ArrayList<>();
        if (text != null) {
            for (String entry : text.split("[\\s,]+")) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null) {
            return labels;
        }
        for (String line : text.split("[\\r\\n,]+")) {
            String pair = line.strip();
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            labels.put(equals < 0 ? pair : pair.substring(0, equals).strip(), equals < 0 ? "" : pair.substring(equals + 1).strip());
        }
        return labels;
    }

    /** A map back into the text people type, sorted. */
    static String text(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(labels).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}

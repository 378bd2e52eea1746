package dev.tokenauthority.query.paging;

import dev.tokenauthority.events.access.Labels;
import dev.tokenauthority.events.readmodel.NamePrefixes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The filters of a list call: {@code state} (one of the list's states), {@code namePrefix} and {@code label}
 * ({@code key=value}, repeatable: every one must match, as a selector does). None given: everything.
 */
public record ListFilter(String state, String namePrefix, Map<String, String> labels) {

    public static ListFilter of(String state, String namePrefix, List<String> label, List<String> states) {
        if (state != null && !states.contains(state)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "state must be one of " + String.join(", ", states));
        }
        if (namePrefix != null && !NamePrefixes.isValid(namePrefix)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, NamePrefixes.RULE);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : label == null ? List.<String>of() : label) {
            int equals = pair.indexOf('=');
            if (equals < 1 || labels.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "label must be key=value, each key once");
            }
        }
        if (!labels.isEmpty() && !Labels.areValid(labels)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "label: " + Labels.RULES);
        }
        return new ListFilter(state, namePrefix, Map.copyOf(labels));
    }

    public boolean matchesLabels(Map<String, String> itemLabels) {
        return labels.isEmpty() || Labels.matches(labels, itemLabels);
    }

    /** {@code namePrefix} as a SQL LIKE pattern with {@code !} as the escape character. */
    public String namePattern() {
        return namePrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}

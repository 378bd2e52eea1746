package dev.tokenauthority.query.accessreview;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** One instance a token could act on at the moment asked: its labels then, the actions, and the rule. */
@Schema(name = "AccessReached")
public record Reached(String instanceId, String name, Map<String, String> labels, List<String> actions, Rule rule) {
}

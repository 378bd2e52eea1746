package dev.tokenauthority.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What every list command takes: the API's filters and, if asked for, one page (else every page is read). */
final class ListOptions {

    @Option(names = "--state", description = "Only those in this state (active, inactive; instances: running, stopped)")
    String state;

    @Option(names = "--name-prefix", description = "Only those whose name starts with this")
    String namePrefix;

    @Option(names = {"-l", "--label"}, description = "Only those with this label key=value (repeatable)")
    Map<String, String> labels;

    @Option(names = "--page-size", description = "One page of at most this many")
    Integer pageSize;

    @Option(names = "--page-token", description = "The page after the one that printed it")
    String pageToken;

    Map<String, Object> filters() {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("state", state);
        filters.put("namePrefix", namePrefix);
        filters.put("label", ApiCommand.pairs(labels));
        return filters;
    }
}

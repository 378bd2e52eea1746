package dev.tokenauthority.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiFailure;
import dev.tokenauthority.cli.output.Printer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ta audit list|export}: the project's audit trail, or an instance's or a token's part of it. */
@Command(name = "audit", description = "The audit trail", mixinStandardHelpOptions = true,
        subcommands = {AuditCommand.ListEntries.class, AuditCommand.Export.class})
public final class AuditCommand {

    /** The filters both take. */
    abstract static class AuditApiCommand extends ApiCommand {
        @Option(names = {"-i", "--instance"}, description = "Only this instance's")
        String instanceId;
        @Option(names = {"-t", "--token"}, description = "Only this token's")
        String tokenId;
        @Option(names = "--from", description = "From this RFC 3339 time (inclusive)")
        String from;
        @Option(names = "--to", description = "To this RFC 3339 time (exclusive)")
        String to;
        @Option(names = "--event-type", description = "Comma-separated event names, e.g. TokenRegenerated")
        String eventType;
        @Option(names = "--actor", description = "Only this actor's, e.g. admin:admin")
        String actor;

        Map<String, Object> filters() {
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("tokenId", instanceId == null ? tokenId : null);
            filters.put("from", from);
            filters.put("to", to);
            filters.put("eventType", eventType);
            filters.put("actor", actor);
            return filters;
        }

        String trail() {
            if (instanceId != null && tokenId != null) {
                return instance(instanceId) + "/tokens/" + segment(tokenId) + "/audit";
            }
            return instanceId != null ? instance(instanceId) + "/audit" : project() + "/audit";
        }
    }

    @Command(name = "list", description = "A page of entries, newest first", mixinStandardHelpOptions = true)
    static final class ListEntries extends AuditApiCommand {
        @Option(names = "--order", description = "desc (newest first, the default) or asc")
        String order;
        @Option(names = "--page-size", description = "1-500 (default 50)")
        Integer pageSize;
        @Option(names = "--cursor", description = "The page after the one that printed it")
        String cursor;

        @Override
        public Integer call() {
            Map<String, Object> parameters = filters();
            parameters.put("order", order);
            parameters.put("pageSize", pageSize);
            parameters.put("cursor", cursor);
            JsonNode page = api().call("GET", trail() + query(parameters), null);
            printer().list(out(), page, page.get("entries"), Printer.AUDIT);
            if (!printer().json() && page.hasNonNull("next")) {
                err().println("more: --cursor " + page.get("next").asText());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", description = "The whole trail as JSON Lines on stdout, streamed (project-wide)",
            mixinStandardHelpOptions = true)
    static final class Export extends AuditApiCommand {
        @Override
        public Integer call() {
            if (instanceId != null) {
                throw new ApiFailure(ExitCodes.REFUSED, "export is project-wide: filter with --token, --event-type, "
                        + "--actor, --from, --to");
            }
            out().flush();
            try (InputStream lines = api().stream(project() + "/audit/export" + query(filters()), "application/x-ndjson")) {
                OutputStream stdout = System.out;
                lines.transferTo(stdout);
                stdout.flush();
            } catch (IOException e) {
                throw new ApiFailure(ExitCodes.UNAVAILABLE, "the export broke off (" + e.getClass().getSimpleName() + ")");
            }
            return ExitCodes.OK;
        }
    }
}

package dev.tokenauthority.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.output.Printer;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ta access instance|token}: the access review, from the event store: who could act on an instance at a
 * moment (token, secret generation, rule), or what a token could reach.
 */
@Command(name = "access", description = "Who could act on an instance, or what a token could reach, at a moment",
        mixinStandardHelpOptions = true, subcommands = {AccessCommand.OfInstance.class, AccessCommand.OfToken.class})
public final class AccessCommand {

    /** The moment and the action both take. */
    abstract static class AccessApiCommand extends ApiCommand {
        @Option(names = "--at", description = "The moment, an RFC 3339 time (default: now)")
        String at;
        @Option(names = "--action", description = "query or manage (default: both)")
        String action;

        String question() {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("at", at);
            parameters.put("action", action);
            return query(parameters);
        }
    }

    @Command(name = "instance", description = "Every token that could act on the instance", mixinStandardHelpOptions = true)
    static final class OfInstance extends AccessApiCommand {
        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance's id")
        String instanceId;

        @Override
        public Integer call() {
            JsonNode review = api().call("GET", instance(instanceId) + "/access" + question(), null);
            if (!printer().json()) {
                out().println("instance " + review.path("instanceId").asText() + " at " + review.path("at").asText() + ": "
                        + review.path("instanceState").asText() + " (" + review.path("eventsRead").asLong() + " events read)");
            }
            printer().list(out(), review, review.get("grants"), Printer.GRANT);
            return ExitCodes.OK;
        }
    }

    @Command(name = "token", description = "Every instance the token could act on", mixinStandardHelpOptions = true)
    static final class OfToken extends AccessApiCommand {
        @Parameters(index = "0", paramLabel = "TOKEN", description = "The token's id")
        String tokenId;
        @Option(names = {"-i", "--instance"}, description = "The instance of an instance token (none: a selector token)")
        String instanceId;

        @Override
        public Integer call() {
            String token = (instanceId == null ? region() : instance(instanceId)) + "/tokens/" + segment(tokenId);
            JsonNode reach = api().call("GET", token + "/access" + question(), null);
            if (!printer().json()) {
                out().println("token " + reach.path("tokenId").asText() + " at " + reach.path("at").asText() + ": "
                        + reach.path("state").asText() + (reach.hasNonNull("generation")
                        ? ", generation " + reach.get("generation").asInt() + " since " + reach.path("generationSince").asText() : "")
                        + " (" + reach.path("eventsRead").asLong() + " events read)");
            }
            printer().list(out(), reach, reach.get("instances"), Printer.REACHED);
            return ExitCodes.OK;
        }
    }
}

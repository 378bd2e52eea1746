package dev.tokenauthority.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiClient;
import dev.tokenauthority.cli.output.Printer;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ta token create|list|get|update|regenerate|delete}: an instance's tokens ({@code --instance}) or, without
 * it, the label-selector tokens of the project and region. A secret is printed once, on stdout, in the answer that
 * made it (its {@code content}); nothing else ever shows it again.
 */
@Command(name = "token", description = "Access tokens: an instance's (--instance) or the region's label-selector tokens",
        mixinStandardHelpOptions = true,
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Get.class,
                TokenCommand.Update.class, TokenCommand.Regenerate.class, TokenCommand.Delete.class})
public final class TokenCommand {

    /** The tokens collection: of an instance, or the region's selector tokens. */
    abstract static class TokenApiCommand extends ApiCommand {
        @Option(names = {"-i", "--instance"}, description = "The instance whose token it is (none: a selector token)")
        String instanceId;

        String tokens() {
            return instanceId == null ? region() + "/tokens" : instance(instanceId) + "/tokens";
        }

        String token(String tokenId) {
            return tokens() + "/" + segment(tokenId);
        }

        /** A create or regenerate answer: the token with its secret, printed this once. */
        void printWithSecret(JsonNode answer) {
            if (printer().json()) {
                printer().item(out(), answer);
            } else {
                printer().item(out(), answer.get("token"));
            }
        }
    }

    @Command(name = "create", description = "Create a token; prints its secret (content) once",
            mixinStandardHelpOptions = true)
    static final class Create extends TokenApiCommand {
        @Option(names = "--name", required = true)
        String name;
        @Option(names = "--description")
        String description;
        @Option(names = "--ttl", description = "Lifetime, e.g. 30d, 12h (default: the service's)")
        String ttl;
        @Option(names = "--role", description = "read-only or operator")
        String role;
        @Option(names = {"-s", "--selector"}, description = "Selector token: instance label key=value (repeatable)")
        Map<String, String> selector;
        @Option(names = {"-l", "--label"}, description = "A label of the token key=value (repeatable)")
        Map<String, String> labels;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            if (ttl != null) {
                body.put("ttlDuration", ttl);
            }
            if (role != null) {
                body.put("role", role);
            }
            if (selector != null) {
                body.set("selector", labels(selector));
            }
            if (labels != null) {
                body.set("labels", labels(labels));
            }
            printWithSecret(api().call("POST", tokens(), body));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List tokens (every page, unless one is asked for); never a secret",
            mixinStandardHelpOptions = true)
    static final class ListTokens extends TokenApiCommand {
        @Mixin
        ListOptions options;

        @Override
        public Integer call() {
            return list(tokens(), options.filters(), options.pageSize, options.pageToken, "tokens", Printer.TOKEN);
        }
    }

    @Command(name = "get", description = "Show a token (never its secret)", mixinStandardHelpOptions = true)
    static final class Get extends TokenApiCommand {
        @Parameters(paramLabel = "TOKEN")
        String tokenId;

        @Override
        public Integer call() {
            printer().item(out(), api().call("GET", token(tokenId), null));
            return ExitCodes.OK;
        }
    }

    @Command(name = "update", description = "Rename a token or change its description", mixinStandardHelpOptions = true)
    static final class Update extends TokenApiCommand {
        @Parameters(paramLabel = "TOKEN")
        String tokenId;
        @Option(names = "--name")
        String name;
        @Option(names = "--description")
        String description;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            if (name != null) {
                body.put("name", name);
            }
            if (description != null) {
                body.put("description", description);
            }
            printer().item(out(), api().call("PATCH", token(tokenId), body));
            return ExitCodes.OK;
        }
    }

    @Command(name = "regenerate", description = "A new secret, printed once; the old one is refused on every node "
            + "when this returns", mixinStandardHelpOptions = true)
    static final class Regenerate extends TokenApiCommand {
        @Parameters(paramLabel = "TOKEN")
        String tokenId;

        @Override
        public Integer call() {
            printWithSecret(api().call("POST", token(tokenId) + "/regenerate", null));
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete (revoke) a token: refused on every node when this returns",
            mixinStandardHelpOptions = true)
    static final class Delete extends TokenApiCommand {
        @Parameters(paramLabel = "TOKEN")
        String tokenId;

        @Override
        public Integer call() {
            api().call("DELETE", token(tokenId), null);
            err().println("deleted token " + tokenId);
            return ExitCodes.OK;
        }
    }
}

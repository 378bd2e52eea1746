package dev.tokenauthority.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiClient;
import dev.tokenauthority.cli.output.Printer;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
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
                TokenCommand.Update.class, TokenCommand.Regenerate.class, TokenCommand.Delete.class,
                TokenCommand.BulkRevoke.class})
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
        @Option(names = "--allow-network", paramLabel = "CIDR", description = "A client network the token may be used "
                + "from, e.g. 10.0.0.0/8, 2001:db8::/32, 192.0.2.7 (repeatable; none: any address)")
        List<String> allowedNetworks;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name);
            if (allowedNetworks != null) {
                body.set("allowedNetworks", strings(allowedNetworks));
            }
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

    @Command(name = "update", description = "Rename a token, change its description or the networks it may be used from",
            mixinStandardHelpOptions = true)
    static final class Update extends TokenApiCommand {
        @Parameters(paramLabel = "TOKEN")
        String tokenId;
        @Option(names = "--name")
        String name;
        @Option(names = "--description")
        String description;
        @ArgGroup(exclusive = true)
        NetworkChange networks;

        /** Either a new list of networks or none (any address). */
        static final class NetworkChange {
            @Option(names = "--allow-network", paramLabel = "CIDR", required = true, description = "The client networks "
                    + "it may be used from from now on, replacing the list (repeatable)")
            List<String> allowed;
            @Option(names = "--any-network", required = true, description = "Lift the restriction: any client address")
            boolean any;
        }

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            if (networks != null) {
                body.set("allowedNetworks", strings(networks.any ? List.of() : networks.allowed));
            }
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

    @Command(name = "bulk-revoke", description = "Revoke every token of the region matching the criteria: lists them "
            + "(a dry run) unless --yes, which revokes exactly the listed set, or nothing if it changed meanwhile",
            mixinStandardHelpOptions = true)
    static final class BulkRevoke extends ApiCommand {
        @Option(names = {"-l", "--label"}, description = "A label the token must carry, key=value (repeatable)")
        Map<String, String> labels;
        @Option(names = {"-i", "--instance"}, description = "Only this instance's tokens")
        String instanceId;
        @Option(names = "--name-prefix", description = "Only tokens whose name starts with this")
        String namePrefix;
        @Option(names = "--yes", description = "Revoke them (without it: only list them)")
        boolean yes;

        @Override
        public Integer call() {
            ObjectNode criteria = ApiClient.JSON.createObjectNode();
            if (labels != null) {
                criteria.set("selector", labels(labels));
            }
            if (instanceId != null) {
                criteria.put("instanceId", instanceId);
            }
            if (namePrefix != null) {
                criteria.put("namePrefix", namePrefix);
            }
            String path = region() + "/tokens/bulk-revoke";
            JsonNode dryRun = api().call("POST", path, criteria.deepCopy().put("dryRun", true));
            if (!yes) {
                printer().list(out(), dryRun, dryRun.get("tokens"), Printer.BULK_REVOKE);
                err().println(dryRun.get("count").asInt() + " token(s) would be revoked; run again with --yes to revoke them");
                return ExitCodes.OK;
            }
            JsonNode done = api().call("POST", path, criteria.put("dryRun", false).put("selection", dryRun.get("selection").asText()));
            printer().list(out(), done, done.get("tokens"), Printer.BULK_REVOKE);
            err().println("revoked " + done.get("count").asInt() + " token(s)");
            return ExitCodes.OK;
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = ApiClient.JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}

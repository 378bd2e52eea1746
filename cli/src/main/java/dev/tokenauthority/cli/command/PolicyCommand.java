package dev.tokenauthority.cli.command;

import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ta policy get|set}: the project's token policy ({@code onSupersededUse}: what a presented superseded secret
 * of a live token does: {@code record} a signal on it, or also {@code revoke} it). Setting it takes an owner.
 */
@Command(name = "policy", description = "The project's token policy", mixinStandardHelpOptions = true,
        subcommands = {PolicyCommand.Get.class, PolicyCommand.Set.class})
public final class PolicyCommand {

    @Command(name = "get", description = "Show the policy in effect", mixinStandardHelpOptions = true)
    static final class Get extends ApiCommand {
        @Override
        public Integer call() {
            printer().item(out(), api().call("GET", project() + "/policy", null));
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", description = "Set the policy (a project owner's call)", mixinStandardHelpOptions = true)
    static final class Set extends ApiCommand {
        @Option(names = "--on-superseded-use", required = true, paramLabel = "record|revoke",
                description = "What an old secret of a live token, presented anywhere, does: record a signal on the"
                        + " token, or also revoke it")
        String onSupersededUse;

        @Override
        public Integer call() {
            printer().item(out(), api().call("PUT", project() + "/policy",
                    ApiClient.JSON.createObjectNode().put("onSupersededUse", onSupersededUse)));
            return ExitCodes.OK;
        }
    }
}

package dev.tokenauthority.cli;

import dev.tokenauthority.cli.command.AccessCommand;
import dev.tokenauthority.cli.command.AuditCommand;
import dev.tokenauthority.cli.command.InstanceCommand;
import dev.tokenauthority.cli.command.LoginCommand;
import dev.tokenauthority.cli.command.PolicyCommand;
import dev.tokenauthority.cli.command.WebhookCommand;
import dev.tokenauthority.cli.command.TokenCommand;
import dev.tokenauthority.cli.command.VerifyCommand;
import dev.tokenauthority.cli.http.ApiFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ta}: Token Authority's REST API on the command line. It talks only to the API, with the URL and credential
 * from flags, the environment or the config file {@code ta login} writes (owner-only).
 */
@Command(name = "ta", mixinStandardHelpOptions = true, version = "ta 0.1.0",
        description = "Token Authority on the command line: instances, tokens, the audit trail and verify, over "
                + "its REST API.",
        subcommands = {LoginCommand.class, InstanceCommand.class, TokenCommand.class, AuditCommand.class, AccessCommand.class,
                PolicyCommand.class, WebhookCommand.class, VerifyCommand.class},
        exitCodeListHeading = "%nExit codes:%n")
public final class Ta implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and answers its exit code ({@link ExitCodes}). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Ta());
        commandLine.getCommandSpec().usageMessage().exitCodeList(keyValues(ExitCodes.describe()));
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            if (failure instanceof ApiFailure api) {
                line.getErr().println("ta: " + api.getMessage());
                return api.exitCode();
            }
            line.getErr().println("ta: " + failure.getMessage());
            return ExitCodes.REFUSED;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: login, instance, token, audit or verify");
    }

    private static java.util.Map<String, String> keyValues(String[] entries) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            map.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return map;
    }
}

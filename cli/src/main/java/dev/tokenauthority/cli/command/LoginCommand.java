package dev.tokenauthority.cli.command;

import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.config.CliConfig;
import dev.tokenauthority.cli.config.ConnectionOptions;
import dev.tokenauthority.cli.http.ApiClient;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ta login}: checks a URL and credential against the service, then saves them (and the default project and
 * region) in the config file, owner-only. The credential comes from {@code --credential}, {@code TA_CREDENTIAL}, or
 * is read from the terminal without echo (or the first line of stdin).
 */
@Command(name = "login", description = "Check and save the service URL, a credential and the default project/region",
        mixinStandardHelpOptions = true)
public final class LoginCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String credential = connection.givenCredential();
        if (credential == null) {
            Console console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("Credential for %s: ", connection.url());
                credential = typed == null ? null : new String(typed);
            } else {
                credential = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        }
        if (credential == null || credential.isBlank()) {
            spec.commandLine().getErr().println("ta: no credential given");
            return ExitCodes.CONFIGURATION;
        }
        ApiClient api = new ApiClient(connection.url(), credential.strip());
        CliConfig login = connection.toSave(credential.strip());
        // A read every credential that can do anything may make: proves the URL and the credential together.
        String check = login.project() == null ? "v1alpha/replay"
                : login.region() == null ? "v1alpha/projects/" + ApiCommand.segment(login.project()) + "/audit?pageSize=1"
                : "v1alpha/projects/" + ApiCommand.segment(login.project()) + "/regions/"
                        + ApiCommand.segment(login.region()) + "/instances?pageSize=1";
        api.call("GET", check, null);
        login.save(connection.configPath());
        spec.commandLine().getErr().println("logged in to " + login.url() + "; saved in " + connection.configPath());
        return ExitCodes.OK;
    }
}

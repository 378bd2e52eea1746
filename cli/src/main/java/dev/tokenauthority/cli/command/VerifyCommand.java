package dev.tokenauthority.cli.command;

import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiClient;
import dev.tokenauthority.cli.http.ApiFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ta verify}: asks verify, as a gateway does, whether a token may act on an instance. The token is read from
 * {@code TA_TOKEN} or the first line of stdin, never a flag (shell history, the process list). Exit 0: allowed;
 * 3: refused (401 or 403); 6: the node cannot tell now (503).
 */
@Command(name = "verify", description = "Is this token allowed this action on this instance? (token from TA_TOKEN or stdin)",
        mixinStandardHelpOptions = true)
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    dev.tokenauthority.cli.config.ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--instance"}, required = true)
    String instanceId;

    @Option(names = "--action", description = "query (the default) or manage", defaultValue = "query")
    String action;

    @Override
    public Integer call() throws IOException {
        String token = System.getenv("TA_TOKEN");
        if (token == null || token.isBlank()) {
            token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (token == null || token.isBlank()) {
            throw new ApiFailure(ExitCodes.USAGE, "no token: set TA_TOKEN or give it on stdin");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("projectId", connection.project());
        parameters.put("regionId", connection.region());
        parameters.put("instanceId", instanceId);
        parameters.put("action", action);
        HttpResponse<String> answer = new ApiClient(connection.url(), null)
                .raw("v1alpha/verify" + ApiCommand.query(parameters), token.strip());
        var out = spec.commandLine().getOut();
        switch (answer.statusCode()) {
            case 204 -> {
                out.println("allowed: token " + answer.headers().firstValue("X-Token-Authority-Token-Id").orElse("?")
                        + ", role " + answer.headers().firstValue("X-Token-Authority-Role").orElse("?"));
                return ExitCodes.OK;
            }
            case 401 -> {
                out.println("refused: not a valid token (401)");
                return ExitCodes.NOT_ALLOWED;
            }
            case 403 -> {
                out.println("refused: valid, but not for this instance or action (403)");
                return ExitCodes.NOT_ALLOWED;
            }
            case 429 -> {
                out.println("refused: too many failed verifications from this address (429)");
                return ExitCodes.NOT_ALLOWED;
            }
            case 503 -> throw new ApiFailure(ExitCodes.UNAVAILABLE, "503: this node cannot tell now; try again");
            default -> throw new ApiFailure(ExitCodes.REFUSED, answer.statusCode() + ": " + answer.body());
        }
    }
}

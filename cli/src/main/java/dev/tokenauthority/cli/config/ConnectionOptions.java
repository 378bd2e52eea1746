package dev.tokenauthority.cli.config;

import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiClient;
import dev.tokenauthority.cli.http.ApiFailure;
import dev.tokenauthority.cli.output.Printer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the service is and who calls it, for every command: each from its flag, else the environment, else the
 * config file ({@code ta login}). A credential is better kept out of flags (shell history, the process list):
 * {@code TA_CREDENTIAL} or the config file.
 */
public final class ConnectionOptions {

    @Option(names = "--url", description = "The service, e.g. http://127.0.0.1:8080 (env TA_URL)")
    String url;

    @Option(names = "--credential", description = "Admin key, service-account key or identity-provider token "
            + "(env TA_CREDENTIAL; prefer it or the config file to this flag)")
    String credential;

    @Option(names = {"-p", "--project"}, description = "Project id (env TA_PROJECT)")
    String project;

    @Option(names = {"-r", "--region"}, description = "Region id (env TA_REGION)")
    String region;

    @Option(names = "--config", description = "Config file (env TA_CONFIG; default ~/.config/ta/config.json)")
    Path config;

    @Option(names = {"-o", "--output"}, description = "table (default) or json", defaultValue = "table")
    Printer.Format output;

    private CliConfig saved;

    Map<String, String> environment() {
        return System.getenv();
    }

    public Path configPath() {
        return config != null ? config : CliConfig.defaultPath(environment());
    }

    private CliConfig saved() {
        if (saved == null) {
            saved = CliConfig.load(configPath());
        }
        return saved;
    }

    public URI url() {
        String chosen = first(url, environment().get("TA_URL"), saved().url());
        if (chosen == null) {
            throw new ApiFailure(ExitCodes.CONFIGURATION, "no service URL: --url, TA_URL or ta login");
        }
        URI uri;
        try {
            uri = URI.create(chosen.endsWith("/") ? chosen : chosen + "/");
        } catch (IllegalArgumentException e) {
            throw new ApiFailure(ExitCodes.CONFIGURATION, "the service URL is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new ApiFailure(ExitCodes.CONFIGURATION, "the service URL must be http:// or https://");
        }
        return uri;
    }

    public String credential() {
        String chosen = first(credential, environment().get("TA_CREDENTIAL"), saved().credential());
        if (chosen == null) {
            throw new ApiFailure(ExitCodes.CONFIGURATION, "no credential: TA_CREDENTIAL, ta login or --credential");
        }
        return chosen.strip();
    }

    public String project() {
        String chosen = first(project, environment().get("TA_PROJECT"), saved().project());
        if (chosen == null) {
            throw new ApiFailure(ExitCodes.CONFIGURATION, "no project: --project, TA_PROJECT or ta login --project");
        }
        return chosen;
    }

    public String region() {
        String chosen = first(region, environment().get("TA_REGION"), saved().region());
        if (chosen == null) {
            throw new ApiFailure(ExitCodes.CONFIGURATION, "no region: --region, TA_REGION or ta login --region");
        }
        return chosen;
    }

    /** The credential given by flag or environment, if any (login reads it from the terminal otherwise). */
    public String givenCredential() {
        return first(credential, environment().get("TA_CREDENTIAL"));
    }

    /** What login saves: the URL, the credential, and the project and region given now (or saved before). */
    public CliConfig toSave(String checkedCredential) {
        return new CliConfig(url().toString(), checkedCredential,
                first(project, environment().get("TA_PROJECT"), saved().project()),
                first(region, environment().get("TA_REGION"), saved().region()));
    }

    public ApiClient client() {
        return new ApiClient(url(), credential());
    }

    public Printer printer() {
        return new Printer(output);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}

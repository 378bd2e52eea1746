package dev.tokenauthority.cli.http;

/** A command that could not be done, with the exit code that says why ({@link dev.tokenauthority.cli.ExitCodes}). */
public final class ApiFailure extends RuntimeException {

    private final int exitCode;

    public ApiFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

package dev.tokenauthority.cli;

/** What {@code ta} exits with, for scripts: one code per kind of outcome, whatever the command. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The service refused the request as malformed (400, 405, 406, 413, 415). */
    public static final int REFUSED = 1;
    /** A bad flag or argument (picocli's usage error). */
    public static final int USAGE = 2;
    /** No credential, or one the service does not accept for this (401, 403, 429); or verify refused the token. */
    public static final int NOT_ALLOWED = 3;
    public static final int NOT_FOUND = 4;
    /** The change conflicts with the current state (409). */
    public static final int CONFLICT = 5;
    /** The service cannot answer now (503, no connection, a timeout): worth retrying. */
    public static final int UNAVAILABLE = 6;
    /** A configuration problem on this side (no URL, a config file others can read). */
    public static final int CONFIGURATION = 7;

    private ExitCodes() {
    }

    static String[] describe() {
        return new String[] {
                "0:done",
                "1:refused as malformed by the service (400, 405, 406, 413, 415)",
                "2:bad flag or argument",
                "3:no credential, or not allowed (401, 403, 429); verify: the token was refused",
                "4:not found (404)",
                "5:conflict with the current state (409)",
                "6:service unavailable, unreachable or too slow: retry",
                "7:configuration (no URL or credential, a config file others can read)"};
    }
}

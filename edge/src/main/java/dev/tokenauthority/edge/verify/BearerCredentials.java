package dev.tokenauthority.edge.verify;

/** The credentials of an {@code Authorization: Bearer} header (RFC 6750 §2.1); the scheme is case-insensitive (RFC 7235). */
public final class BearerCredentials {

    private static final String BEARER = "Bearer ";

    private BearerCredentials() {
    }

    /** The credentials, stripped, or {@code null} when the header is absent or of another scheme. */
    public static String of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }
}

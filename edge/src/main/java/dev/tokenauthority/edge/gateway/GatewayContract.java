package dev.tokenauthority.edge.gateway;

/**
 * The names a gateway and this service agree on beyond the verify contract; {@code gateway/nginx/} in the
 * repository is the reference gateway that uses them.
 */
final class GatewayContract {

    /** Where the gateway serves this service's login and logout pages on every protected host. */
    static final String PUBLIC_PREFIX = "/_token_authority/";
    /** The browser session: {@code HttpOnly}, {@code SameSite=Lax}, path {@code /}; the gateway strips it. */
    static final String SESSION_COOKIE = "token_authority_session";
    /** The login form's nonce: {@code HttpOnly}, {@code SameSite=Strict}, path {@link #PUBLIC_PREFIX}. */
    static final String LOGIN_COOKIE = "token_authority_login";
    /** The URI the browser asked for, which the login page returns to (the gateway's {@code $request_uri}). */
    static final String ORIGINAL_URI_HEADER = "X-Token-Authority-Original-Uri";
    /** For a {@code rate_limited} denial: seconds until the address may try again. */
    static final String RETRY_AFTER_HEADER = "X-Token-Authority-Retry-After";
    /** The scheme the browser used ({@code https} makes the cookies {@code Secure}). */
    static final String FORWARDED_PROTO_HEADER = "X-Forwarded-Proto";

    private GatewayContract() {
    }
}

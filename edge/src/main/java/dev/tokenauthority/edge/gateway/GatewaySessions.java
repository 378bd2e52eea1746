package dev.tokenauthority.edge.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The browser sessions of the login page, in table {@code gateway_session}. A session's cookie value is 256
 * random bits; the table keeps only its SHA-256, so a copy of the database opens no session. Every node of a
 * deployment sees every session and every logout, because they share the table.
 */
@Repository
public class GatewaySessions {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final int COOKIE_VALUE_LENGTH = 43; // 32 bytes in unpadded base64url

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration lifetime;

    public GatewaySessions(JdbcTemplate jdbc, Clock clock,
                           @Value("${token-authority.gateway.session-lifetime:12h}") Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalStateException("token-authority.gateway.session-lifetime must be positive");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A session opened with the secret of keyed hash {@code secretHash}; its cookie value is shown only here. */
    public Opened open(String tokenId, byte[] secretHash) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String cookieValue = BASE64URL.encodeToString(random);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        // Ended sessions are forgotten on the way: the index on expires_at keeps this cheap.
        jdbc.update("DELETE FROM gateway_session WHERE expires_at <= ?", utc(now));
        jdbc.update("INSERT INTO gateway_session (session_hash, token_id, secret_hash, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?)",
                digest(cookieValue), tokenId, BASE64URL.encodeToString(secretHash), utc(now), utc(expiresAt));
        return new Opened(cookieValue, lifetime);
    }

    /** The session of this cookie value, unless it does not exist, was ended or has expired. */
    public Optional<GatewaySession> find(String cookieValue) {
        if (!isWellFormed(cookieValue)) {
            return Optional.empty();
        }
        return jdbc.query("SELECT token_id, secret_hash FROM gateway_session WHERE session_hash = ? AND expires_at > ?",
                        (rs, row) -> new GatewaySession(rs.getString("token_id"),
                                Base64.getUrlDecoder().decode(rs.getString("secret_hash"))),
                        digest(cookieValue), utc(clock.instant()))
                .stream().findFirst();
    }

    /** Ends the session; ending one that does not exist is not an error. */
    public void end(String cookieValue) {
        if (isWellFormed(cookieValue)) {
            jdbc.update("DELETE FROM gateway_session WHERE session_hash = ?", digest(cookieValue));
        }
    }

    private static boolean isWellFormed(String cookieValue) {
        return cookieValue != null && cookieValue.length() == COOKIE_VALUE_LENGTH
                && cookieValue.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }

    private static String digest(String cookieValue) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(cookieValue.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A session: the token it was opened with, and that token's secret then, by keyed hash. */
    public record GatewaySession(String tokenId, byte[] secretHash) {
    }

    /** A new session's cookie value and how long it lives. */
    public record Opened(String cookieValue, Duration maxAge) {
    }
}

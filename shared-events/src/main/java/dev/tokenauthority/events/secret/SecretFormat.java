package dev.tokenauthority.events.secret;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The format of the credentials this service issues: a prefix ({@code tka_} for a token secret, {@code tksa_} for a
 * service-account key) + 43 base62 characters carrying 256 random bits + 6 base62 characters of CRC32 over
 * everything before them.
 *
 * <p>As with GitHub's {@code ghp_} and GitLab's {@code glpat-} tokens, the fixed prefix lets secret scanners
 * find a leaked secret, and the checksum lets the verifier reject a typo or garbage without a lookup. The
 * checksum is not a secret and protects nothing: the 256 random bits do.
 */
public final class SecretFormat {

    /** Token secrets: {@code tka_…}. */
    public static final SecretFormat TOKEN = new SecretFormat("tka_");
    /** Service-account keys: {@code tksa_…}, told apart from a token secret by scanners and by the service. */
    public static final SecretFormat SERVICE_ACCOUNT_KEY = new SecretFormat("tksa_");

    static final int RANDOM_BYTES = 32;
    static final int BODY_LENGTH = 43;        // ceil(256 / log2(62))
    static final int CHECKSUM_LENGTH = 6;     // ceil(32 / log2(62))
    /** A secret without its prefix: its body and checksum, all base62. */
    static final int SECRET_BODY = BODY_LENGTH + CHECKSUM_LENGTH;
    /** The longest run of base62 characters in which a secret without its prefix is looked for everywhere. */
    static final int SCANNED_RUN = 256;

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger BASE = BigInteger.valueOf(ALPHABET.length);

    private final String prefix;
    private final int length;

    private SecretFormat(String prefix) {
        this.prefix = prefix;
        this.length = prefix.length() + BODY_LENGTH + CHECKSUM_LENGTH;
    }

    public String prefix() {
        return prefix;
    }

    public int length() {
        return length;
    }

    /** A new secret with {@value #RANDOM_BYTES} bytes from {@code random}. */
    public String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String head = prefix + base62(new BigInteger(1, bytes), BODY_LENGTH);
        return head + base62(BigInteger.valueOf(crc32(head)), CHECKSUM_LENGTH);
    }

    /** Whether {@code candidate} has the shape and checksum of a secret this service issues. */
    public boolean isWellFormed(CharSequence candidate) {
        if (candidate == null || candidate.length() != length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (candidate.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        long checksum = 0;
        for (int i = prefix.length(); i < length; i++) {
            int digit = digit(candidate.charAt(i));
            if (digit < 0) {
                return false;
            }
            if (i >= length - CHECKSUM_LENGTH) {
                checksum = checksum * ALPHABET.length + digit;
            }
        }
        String head = candidate.subSequence(0, length - CHECKSUM_LENGTH).toString();
        return checksum == crc32(head);
    }

    /**
     * Whether {@code text} holds a secret of any of our formats ({@link #nextSecret}): what a client pasted where a
     * secret does not belong (a name, a label, a path), which the service must then neither store nor echo.
     */
    public static boolean appearsIn(CharSequence text) {
        return text != null && nextSecret(text, 0) >= 0;
    }

    /**
     * {@code text} with every secret in it ({@link #nextSecret}) replaced by {@code [secret]}: what a log line
     * becomes before it is written, whoever wrote it (our code, Spring's request logging at DEBUG, an exception's
     * message that quotes its input).
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        int found = nextSecret(text, 0);
        if (found < 0) {
            return text;
        }
        StringBuilder redacted = new StringBuilder(text.length());
        int copied = 0;
        while (found >= 0) {
            redacted.append(text, copied, found).append("[secret]");
            copied = found + SECRET_BODY;
            found = nextSecret(text, copied);
        }
        return redacted.append(text, copied, text.length()).toString();
    }

    /**
     * Where the next secret's body (what follows its prefix) starts at or after {@code from}, or -1. A secret is
     * found with its prefix whatever surrounds it, and without its prefix anywhere in a run of base62 characters of
     * up to {@value #SCANNED_RUN} (a longer run, which no log line or field of ours holds, is looked at only where a
     * prefix stands before it: checking every window of it would cost a checksum per character).
     */
    private static int nextSecret(CharSequence text, int from) {
        int runStart = from;
        for (int i = from; i <= text.length(); i++) {
            if (i < text.length() && digit(text.charAt(i)) >= 0) {
                continue;
            }
            int run = i - runStart;
            if (run >= SECRET_BODY) {
                int lastWindow = run <= SCANNED_RUN ? i - SECRET_BODY : prefixedAt(text, runStart) ? runStart : -1;
                for (int window = runStart; window <= lastWindow; window++) {
                    if (isBody(text.subSequence(window, window + SECRET_BODY).toString())) {
                        return window;
                    }
                }
            }
            runStart = i + 1;
        }
        return -1;
    }

    private static boolean prefixedAt(CharSequence text, int bodyStart) {
        String before = text.subSequence(Math.max(0, bodyStart - 5), bodyStart).toString();
        return before.endsWith(TOKEN.prefix) || before.endsWith(SERVICE_ACCOUNT_KEY.prefix);
    }

    private static boolean isBody(String body) {
        return TOKEN.isWellFormed(TOKEN.prefix + body) || SERVICE_ACCOUNT_KEY.isWellFormed(SERVICE_ACCOUNT_KEY.prefix + body);
    }

    private static String base62(BigInteger value, int width) {
        char[] out = new char[width];
        BigInteger rest = value;
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = rest.divideAndRemainder(BASE);
            out[i] = ALPHABET[qr[1].intValue()];
            rest = qr[0];
        }
        if (rest.signum() != 0) {
            throw new IllegalStateException("value does not fit in " + width + " base62 digits");
        }
        return new String(out);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }

    private static long crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }
}

package dev.tokenauthority.command.web;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import org.springframework.web.server.ResponseStatusException;

/**
 * Coverage-guided fuzzing (Jazzer) of the lifetime parser ({@code ttlDuration}), against an oracle written apart
 * from its regular expression: a lifetime is 1 to 9 digits without a leading zero and one unit of s, m, h, d, and
 * means that many units; anything else is no lifetime. Resolving one refuses only with a 400, never otherwise.
 */
class TokenLifetimesFuzzTests {

    private static final TokenLifetimes POLICY = new TokenLifetimes("30d", "365d");

    @FuzzTest(maxDuration = "60s")
    void theLifetimeParserKeepsItsContract(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Duration parsed = TokenLifetimes.parseOrNull(text);
        Duration expected = oracle(text);
        if (expected == null ? parsed != null : !expected.equals(parsed)) {
            throw new AssertionError("'" + text + "' parsed as " + parsed + ", expected " + expected);
        }
        try {
            Duration resolved = POLICY.resolve(text);
            if (!resolved.equals(parsed) || resolved.compareTo(Duration.ofDays(365)) > 0) {
                throw new AssertionError("'" + text + "' resolved to " + resolved);
            }
        } catch (ResponseStatusException refused) {
            if (refused.getStatusCode().value() != 400) {
                throw new AssertionError("'" + text + "' refused with " + refused.getStatusCode());
            }
        }
    }

    private static Duration oracle(String text) {
        if (text.length() < 2 || text.length() > 10 || text.charAt(0) == '0') {
            return null;
        }
        long n = 0;
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            n = n * 10 + (c - '0');
        }
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> null;
        };
    }
}

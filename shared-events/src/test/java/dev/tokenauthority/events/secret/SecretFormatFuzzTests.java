package dev.tokenauthority.events.secret;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;

/**
 * Coverage-guided fuzzing (Jazzer) of the secret parser and the redaction built on it. Under {@code mvn test} each
 * runs once per stored input (regression mode); {@code bench/battery.sh} fuzzes each for a while
 * ({@code JAZZER_FUZZ=1}). The contract: nothing throws; a well-formed secret is found, with or without its
 * prefix, wherever it stands; a redacted text holds no secret, is the text itself when it held none, and redacting
 * it again changes nothing.
 */
class SecretFormatFuzzTests {

    @FuzzTest(maxDuration = "60s")
    void theParserAndTheRedactionKeepTheirContract(FuzzedDataProvider data) {
        boolean plant = data.consumeBoolean();
        SecretFormat format = data.consumeBoolean() ? SecretFormat.TOKEN : SecretFormat.SERVICE_ACCOUNT_KEY;
        boolean withPrefix = data.consumeBoolean();
        byte[] random = data.consumeBytes(SecretFormat.RANDOM_BYTES);
        String before = data.consumeString(200);
        String after = data.consumeRemainingAsString();
        String secret = plant ? format.generate(new FixedRandom(random)) : "";
        String planted = withPrefix ? secret : secret.substring(Math.min(secret.length(), format.prefix().length()));
        // A planted secret stands apart from what surrounds it (no base62 character right next to it).
        String text = plant ? before + " " + planted + " " + after : before + after;

        boolean wellFormed = SecretFormat.TOKEN.isWellFormed(text) || SecretFormat.SERVICE_ACCOUNT_KEY.isWellFormed(text);
        boolean appears = SecretFormat.appearsIn(text);
        String redacted = SecretFormat.redact(text);
        check(!wellFormed || appears, "a well-formed secret is not found in itself");
        check(!plant || appears, "a planted secret is not found");
        check(!SecretFormat.appearsIn(redacted), "a secret survived its redaction");
        check(appears || redacted.equals(text), "a text without a secret was changed");
        check(SecretFormat.redact(redacted).equals(redacted), "redaction is not idempotent");
        // The planted body may also stand in what the fuzzer wrote around it; there it is found too, unless it lies
        // in a run of base62 characters longer than SecretFormat.SCANNED_RUN without a prefix before it.
        String body = plant ? secret.substring(format.prefix().length()) : "";
        check(!plant || !redacted.contains(body) || inLongRun(redacted, body),
                "the planted secret's body is still there: " + text + " -> " + redacted);
    }

    private static boolean inLongRun(String text, String body) {
        for (int at = text.indexOf(body); at >= 0; at = text.indexOf(body, at + 1)) {
            int start = at;
            int end = at + body.length();
            while (start > 0 && Character.isLetterOrDigit(text.charAt(start - 1)) && text.charAt(start - 1) < 128) {
                start--;
            }
            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) < 128) {
                end++;
            }
            if (end - start <= SecretFormat.SCANNED_RUN) {
                return false;
            }
        }
        return true;
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }

    /** The fuzzer's bytes as the secret's randomness: the planted secret is one the fuzzer chose. */
    private static final class FixedRandom extends SecureRandom {

        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void nextBytes(byte[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = i < bytes.length ? bytes[i] : 0;
            }
        }
    }
}

package dev.tokenauthority.app.battery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Looks for secrets in bytes, in every form they could have been written in: whole, without their prefix, as the
 * hex (either case) and base64 (standard and URL-safe, each of the three alignments) of their characters. A
 * rolling hash of each form's first {@value #KEY} bytes finds the candidates in one pass over the bytes, whatever
 * the number of secrets; each candidate is then compared in full.
 */
final class SecretScanner {

    private static final int KEY = 16;
    private static final long BASE = 1_000_003L;

    private record Needle(String secret, String form, byte[] bytes) {
    }

    /** A secret found: which, in which form, where. */
    record Hit(String secret, String form, String where, long offset) {
    }

    private final Map<Long, List<Needle>> byKeyHash = new HashMap<>();
    private final long highestPower;

    SecretScanner(List<String> secrets) {
        long power = 1;
        for (int i = 1; i < KEY; i++) {
            power *= BASE;
        }
        highestPower = power;
        for (String secret : secrets) {
            for (Map.Entry<String, String> form : forms(secret).entrySet()) {
                byte[] bytes = form.getValue().getBytes(StandardCharsets.ISO_8859_1);
                if (bytes.length >= KEY) {
                    byKeyHash.computeIfAbsent(hash(bytes, 0), h -> new ArrayList<>()).add(new Needle(secret, form.getKey(), bytes));
                }
            }
        }
    }

    private static Map<String, String> forms(String secret) {
        Map<String, String> forms = new HashMap<>();
        forms.put("whole", secret);
        forms.put("without its prefix", secret.substring(secret.indexOf('_') + 1));
        byte[] ascii = secret.getBytes(StandardCharsets.US_ASCII);
        forms.put("hex", HexFormat.of().formatHex(ascii));
        forms.put("HEX", HexFormat.of().withUpperCase().formatHex(ascii));
        for (int shift = 0; shift < 3; shift++) {
            byte[] tail = java.util.Arrays.copyOfRange(ascii, shift, ascii.length);
            int whole = tail.length / 3 * 4 - 4; // the characters that depend on the secret alone, whatever follows it
            forms.put("base64+" + shift, Base64.getEncoder().encodeToString(tail).substring(0, whole));
            forms.put("base64url+" + shift, Base64.getUrlEncoder().encodeToString(tail).substring(0, whole));
        }
        return forms;
    }

    /** Every form of every secret in {@code data}; {@code where} names it in the hits. */
    List<Hit> scan(byte[] data, String where) {
        List<Hit> hits = new ArrayList<>();
        if (data.length < KEY) {
            return hits;
        }
        long rolling = hash(data, 0);
        for (int at = 0; ; at++) {
            List<Needle> candidates = byKeyHash.get(rolling);
            if (candidates != null) {
                for (Needle needle : candidates) {
                    if (matches(data, at, needle.bytes())) {
                        hits.add(new Hit(needle.secret(), needle.form(), where, at));
                    }
                }
            }
            if (at + KEY >= data.length) {
                return hits;
            }
            rolling = (rolling - (data[at] & 0xff) * highestPower) * BASE + (data[at + KEY] & 0xff);
        }
    }

    List<Hit> scan(String text, String where) {
        return scan(text.getBytes(StandardCharsets.UTF_8), where);
    }

    private static long hash(byte[] bytes, int from) {
        long h = 0;
        for (int i = from; i < from + KEY; i++) {
            h = h * BASE + (bytes[i] & 0xff);
        }
        return h;
    }

    private static boolean matches(byte[] data, int at, byte[] needle) {
        if (at + needle.length > data.length) {
            return false;
        }
        for (int i = 0; i < needle.length; i++) {
            if (data[at + i] != needle[i]) {
                return false;
            }
        }
        return true;
    }
}

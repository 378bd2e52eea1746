import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seeds a stopped Token Authority's event store with one instance and COUNT active instance tokens, as the
 * service itself stores them (TokenCreated revision 2, JSON, version-7 token ids as TokenIds makes them), with
 * real tka_ secrets hashed under the data directory's hmac.key. The tokens are created one millisecond apart,
 * ending now. Writes "id secret" for the first KEEP tokens to OUT_FILE. Bench tooling: 1,000,000
 * tokens through the REST API would take the better part of an hour here.
 *
 *   java -cp h2.jar bench/tools/SeedStore.java DATA_DIR COUNT KEEP OUT_FILE
 */
public class SeedStore {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int keep = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        byte[] key = Base64.getDecoder().decode(Files.readString(dataDir.resolve("hmac.key")).strip());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String created = now.minusMillis(count + 1L).toString(); // the instance, just before its tokens
        List<String> kept = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("token-authority"), "", "")) {
            db.setAutoCommit(false);
            long index;
            try (var rs = db.createStatement().executeQuery("SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry")) {
                rs.next();
                index = rs.getLong(1);
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO domain_event_entry (global_index,"
                    + " aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,"
                    + " payload_revision, payload_type, time_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                String instance = "{\"instanceId\":\"bench-1\",\"projectId\":\"bench\",\"regionId\":\"eu01\",\"type\":\"app\","
                        + "\"name\":\"bench\",\"labels\":{\"token-authority/id\":\"bench-1\",\"token-authority/type\":\"app\"},"
                        + "\"registeredAt\":\"" + created + "\"}";
                add(insert, ++index, "bench-1", "Instance", instance, "1", "dev.tokenauthority.events.instance.InstanceRegistered", created);
                for (int i = 0; i < count; i++) {
                    Instant at = now.minusMillis(count - i);
                    String id = version7(at, random);
                    String createdAt = at.toString();
                    String validUntil = at.plus(365, ChronoUnit.DAYS).toString();
                    String secret = secret(random);
                    String hash = Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.US_ASCII)));
                    String payload = "{\"tokenId\":\"" + id + "\",\"projectId\":\"bench\",\"regionId\":\"eu01\","
                            + "\"instanceId\":\"bench-1\",\"selector\":{},\"role\":\"operator\",\"name\":\"seed-" + i + "\","
                            + "\"description\":\"\",\"labels\":{},\"secretHash\":\"" + hash + "\",\"createdAt\":\"" + createdAt
                            + "\",\"validUntil\":\"" + validUntil + "\",\"expiryDeadlineId\":\"seeded\"}";
                    add(insert, ++index, id, "Token", payload, "2", "dev.tokenauthority.events.token.TokenCreated", createdAt);
                    if (i < keep) {
                        kept.add(id + " " + secret);
                    }
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                        db.commit();
                    }
                }
                insert.executeBatch();
            }
            db.createStatement().execute("ALTER TABLE domain_event_entry ALTER COLUMN global_index RESTART WITH " + (index + 1));
            db.commit();
        }
        Files.write(out, kept);
        System.out.printf("RESULT seeded=%d kept=%d%n", count, kept.size());
    }

    private static void add(PreparedStatement insert, long index, String aggregate, String type, String payload,
                            String revision, String payloadType, String time) throws Exception {
        insert.setLong(1, index);
        insert.setString(2, aggregate);
        insert.setLong(3, 0);
        insert.setString(4, type);
        insert.setString(5, UUID.randomUUID().toString());
        insert.setBytes(6, "{}".getBytes(StandardCharsets.UTF_8));
        insert.setBytes(7, payload.getBytes(StandardCharsets.UTF_8));
        insert.setString(8, revision);
        insert.setString(9, payloadType);
        insert.setString(10, time);
        insert.addBatch();
    }

    /** TokenIds' layout: the millisecond, version 7, 12 random bits, the RFC 9562 variant, 62 random bits. */
    private static String version7(Instant at, SecureRandom random) {
        return new UUID(at.toEpochMilli() << 16 | 0x7000L | random.nextInt(1 << 12),
                random.nextLong() >>> 2 | 0x8000_0000_0000_0000L).toString();
    }

    /** The service's secret format (TokenSecrets): tka_ + 43 base62 characters of 32 random bytes + 6 of CRC32. */
    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String head = "tka_" + base62(new BigInteger(1, bytes), 43);
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.US_ASCII));
        return head + base62(BigInteger.valueOf(crc.getValue()), 6);
    }

    private static String base62(BigInteger value, int width) {
        char[] out = new char[width];
        BigInteger base = BigInteger.valueOf(62);
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = value.divideAndRemainder(base);
            out[i] = ALPHABET[qr[1].intValue()];
            value = qr[0];
        }
        return new String(out);
    }
}

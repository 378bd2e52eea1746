package dev.tokenauthority.query.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SHA-256 over a pair of catalogue tables (tokens, instances), row by row in key order, with label and selector maps in key order
 * (their JSON text may list the same pairs in another order). Equal digests: equal catalogues.
 */
final class CatalogueDigest {

    private static final TypeReference<TreeMap<String, String>> SORTED = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    CatalogueDigest(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    String digest(String tokenTable, String instanceTable) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        jdbc.query("SELECT token_id, project_id, region_id, instance_id, name, description, labels, created_at,"
                + " valid_until, last_regenerated_at, expired, role, selector, leak_reported_at, superseded_used_at,"
                + " superseded_uses, superseded_used_from, superseded_used_through, expiry_warned_lead_seconds,"
                + " expiry_warned_at, allowed_networks, disallowed_used_at, disallowed_uses, disallowed_used_from,"
                + " disallowed_used_through FROM " + tokenTable
                + " ORDER BY token_id", rs -> {
            String line = "token|" + rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                    + "|" + rs.getString(5) + "|" + rs.getString(6) + "|" + sorted(rs.getString(7)) + "|"
                    + rs.getObject(8, java.time.OffsetDateTime.class).toInstant() + "|"
                    + rs.getObject(9, java.time.OffsetDateTime.class).toInstant() + "|"
                    + (rs.getObject(10) == null ? "" : rs.getObject(10, java.time.OffsetDateTime.class).toInstant()) + "|"
                    + rs.getBoolean(11) + "|" + rs.getString(12) + "|" + sorted(rs.getString(13)) + "|"
                    + (rs.getObject(14) == null ? "" : rs.getObject(14, java.time.OffsetDateTime.class).toInstant()) + "|"
                    + (rs.getObject(15) == null ? "" : rs.getObject(15, java.time.OffsetDateTime.class).toInstant()) + "|"
                    + rs.getLong(16) + "|" + rs.getString(17) + "|" + rs.getString(18) + "|" + rs.getString(19) + "|"
                    + (rs.getObject(20) == null ? "" : rs.getObject(20, java.time.OffsetDateTime.class).toInstant()) + "|"
                    + rs.getString(21) + "|"
                    + (rs.getObject(22) == null ? "" : rs.getObject(22, java.time.OffsetDateTime.class).toInstant()) + "|"
                    + rs.getLong(23) + "|" + rs.getString(24) + "|" + rs.getString(25) + "\n";
            sha256.update(line.getBytes(StandardCharsets.UTF_8));
        });
        jdbc.query("SELECT instance_id, project_id, region_id, type, name, labels, running, created_at"
                + " FROM " + instanceTable + " ORDER BY instance_id", rs -> {
            String line = "instance|" + rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                    + rs.getString(4) + "|" + rs.getString(5) + "|" + sorted(rs.getString(6)) + "|" + rs.getBoolean(7)
                    + "|" + rs.getObject(8, java.time.OffsetDateTime.class).toInstant() + "\n";
            sha256.update(line.getBytes(StandardCharsets.UTF_8));
        });
        return HexFormat.of().formatHex(sha256.digest());
    }

    private String sorted(String labels) {
        if (labels == null) {
            return "";
        }
        try {
            return json.readValue(labels, SORTED).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalogue holds JSON it wrote itself", e);
        }
    }
}

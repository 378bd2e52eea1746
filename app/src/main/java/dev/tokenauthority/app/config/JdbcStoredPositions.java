package dev.tokenauthority.app.config;

import dev.tokenauthority.query.progress.StoredPositions;
import java.util.List;
import java.util.Objects;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Processor positions as Axon's JDBC token store has them (the schema {@link AxonConfiguration#tokenSchema}),
 * read without claiming anything: claiming is the processors' business.
 */
@Component
class JdbcStoredPositions implements StoredPositions {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    JdbcStoredPositions(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    @Override
    public List<TrackingToken> storedTokens(String processorName) {
        List<TrackingToken> tokens = jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (row, n) -> {
                    byte[] token = row.getBytes(1);
                    String type = row.getString(2);
                    return token == null ? null : serializer.<byte[], TrackingToken>deserialize(
                            new SimpleSerializedObject<>(token, byte[].class, type, null));
                }, processorName);
        // a segment without a token has processed nothing yet: as good as none stored
        return tokens.contains(null) ? List.of() : tokens.stream().filter(Objects::nonNull).toList();
    }
}

package dev.tokenauthority.query.expiry;

import static dev.tokenauthority.query.TestEvents.T0;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.query.catalogue.CatalogueProjection;
import dev.tokenauthority.query.catalogue.TokenCatalogue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a sweep works on in its tests: a real catalogue (in-memory H2, the service's migrations) that its projection
 * feeds (tokens put in with {@link #token}), and a real command bus that keeps every command of the swept type it is sent, in order.
 */
final class SweptCatalogue<C> {

    final TokenCatalogue catalogue;
    final CatalogueProjection projection;
    final CommandGateway commands;
    final List<C> sent = new ArrayList<>();

    SweptCatalogue(Clock clock, Class<C> commandType) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        catalogue = new TokenCatalogue(new JdbcTemplate(dataSource), new ObjectMapper(), clock);
        projection = new CatalogueProjection(catalogue);
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(commandType.getName(), command -> {
            sent.add(commandType.cast(command.getPayload()));
            return null;
        });
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
    }

    /** An active token in the catalogue, created at {@code T0}, valid until then. */
    void token(String id, Instant validUntil) {
        projection.on(new TokenCreated(id, "p-1", "eu01", "i-1", Map.of(), Role.OPERATOR, "n-" + id, "", Map.of(),
                "hash-" + id, T0, validUntil, "d-" + id));
    }
}

package dev.tokenauthority.query.catalogue;

import static dev.tokenauthority.query.TestEvents.LIFETIME;
import static dev.tokenauthority.query.TestEvents.T0;
import static dev.tokenauthority.query.TestEvents.created;
import static dev.tokenauthority.query.TestEvents.regenerated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenauthority.events.readmodel.TokenView;
import dev.tokenauthority.query.CountingStatements;
import dev.tokenauthority.events.token.DisallowedAddressUsed;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.SupersededSecretUsed;
import dev.tokenauthority.events.token.TokenLeakReported;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/** The catalogue projection on a real (in-memory) H2 with the real migration, fed with events. */
class CatalogueProjectionTests {

    private JdbcTemplate jdbc;
    private CatalogueProjection projection;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        projection = projectionAt(T0.plusSeconds(60));
    }

    private CatalogueProjection projectionAt(Instant now) {
        return new CatalogueProjection(new TokenCatalogue(jdbc, new ObjectMapper(), Clock.fixed(now, ZoneOffset.UTC)));
    }

    private TokenView find(CatalogueProjection reader, String tokenId) {
        return reader.catalogue().find("p-1", "eu01", "i-1", tokenId).orElse(null);
    }

    @Test
    void createdThenListedAsActiveWithItsMetadata() {
        projection.on(created("t1", "i-1", "s1"));
        TokenView view = find(projection, "t1");
        assertThat(view).isEqualTo(new TokenView("t1", "name-t1", "", Map.of("team", "ml"), "eu01", "active",
                T0.plus(LIFETIME), T0, null, "operator", null, null, null, List.of(), null, null, List.of(), null));
    }

    @Test
    void allowedNetworksAndTheirSignalShownAndLiftedNetworksGone() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new TokenAllowedNetworksSet("t1", List.of("10.0.0.0/8", "2001:db8::/32"), T0));
        projection.on(new DisallowedAddressUsed("t1", T0, T0.plusSeconds(5), 3, List.of("192.0.2.1"),
                List.of("verify via 127.0.0.1")));
        projection.on(new DisallowedAddressUsed("t1", T0.plusSeconds(60), T0.plusSeconds(70), 2,
                List.of("192.0.2.9", "192.0.2.1"), List.of("gateway auth via 127.0.0.1")));
        TokenView view = find(projection, "t1");
        assertThat(view.allowedNetworks()).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(view.disallowedAddressUse()).isEqualTo(new TokenView.RefusedUse(T0.plusSeconds(70), 5,
                List.of("192.0.2.9", "192.0.2.1"), List.of("gateway auth via 127.0.0.1", "verify via 127.0.0.1")));
        assertThat(view.supersededSecretUse()).isNull();

        projection.on(new TokenAllowedNetworksSet("t1", List.of(), T0.plusSeconds(80)));
        assertThat(find(projection, "t1").allowedNetworks()).isEmpty();
    }

    /** One index serves the listing of an instance's tokens and of a project's selector tokens, in both tables. */
    @Test
    void bothListingsSeekTheListingIndex() {
        for (String table : List.of("token_catalogue", "token_catalogue_next")) {
            for (String instance : List.of("instance_id IS NULL", "instance_id = 'i-1'")) {
                String plan = jdbc.queryForObject("EXPLAIN SELECT token_id FROM " + table + " WHERE project_id = 'p-1'"
                        + " AND region_id = 'eu01' AND " + instance + " ORDER BY created_at, token_id", String.class);
                assertThat(plan).containsIgnoringCase(table + "_by_instance:");
            }
        }
    }

    /** A batch of events as the tracking processor hands it over: its row writes go out at its commit, in order. */
    @Test
    void aBatchOfRegenerationsAndRenamesIsSentInFewRoundTripsAndInOrder() {
        CountingStatements counting = new CountingStatements(jdbc.getDataSource());
        TokenCatalogue catalogue = new TokenCatalogue(new JdbcTemplate(counting), new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
        catalogue.liveTable(); // read once, then known
        counting.reset();
        CatalogueProjection batched = new CatalogueProjection(catalogue);
        DefaultUnitOfWork.startAndGet(null).execute(() -> {
            batched.on(created("t1", "i-1", "s1"));
            for (int generation = 2; generation <= 200; generation++) {
                batched.on(regenerated("t1", "s" + generation, generation));
            }
            batched.on(new TokenRenamed("t1", "first", ""));
            batched.on(new TokenRenamed("t1", "second", "the last one wins"));
            batched.on(created("t2", "i-1", "s2")); // its update-or-insert must see the writes before it
            batched.on(new TokenRevoked("t2", T0));
        });
        assertThat(counting.prepared()).as("statements: t1's insert (after an update of nothing), the regenerations,"
                + " the renames, t2's update and insert, its delete").isEqualTo(7);
        TokenView view = find(projection, "t1");
        assertThat(view.lastRegeneratedAt()).isEqualTo(T0.plusSeconds(200));
        assertThat(view.name()).isEqualTo("second");
        assertThat(find(projection, "t2")).isNull();
    }

    @Test
    void createdDeliveredTwiceThenOneRow() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(created("t1", "i-1", "s1"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_catalogue", Integer.class)).isEqualTo(1);
    }

    @Test
    void renamedThenNameAndDescriptionChanged() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new TokenRenamed("t1", "new", "desc"));
        assertThat(find(projection, "t1").name()).isEqualTo("new");
        assertThat(find(projection, "t1").description()).isEqualTo("desc");
    }

    @Test
    void regeneratedThenLastRegeneratedAtSet() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(regenerated("t1", "s2", 2));
        assertThat(find(projection, "t1").lastRegeneratedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void leakReportedThenTheLatestReportShownAndARedeliveryChangesNothing() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new TokenLeakReported("t1", T0.plusSeconds(9), "gh-1", "content", "https://example.org/a"));
        projection.on(new TokenLeakReported("t1", T0.plusSeconds(5), "gh-1", "content", "https://example.org/b"));
        assertThat(find(projection, "t1").leakReportedAt()).isEqualTo(T0.plusSeconds(9));
        projection.on(new TokenLeakReported("t1", T0.plusSeconds(9), "gh-1", "content", "https://example.org/a"));
        assertThat(find(projection, "t1").leakReportedAt()).isEqualTo(T0.plusSeconds(9));
        projection.on(new dev.tokenauthority.events.token.TokenRegenerated("t1", "s2", 2, T0.plusSeconds(12)));
        assertThat(find(projection, "t1").leakReportedAt()).as("a new secret answers the report").isNull();
    }

    @Test
    void supersededSecretUsesAddUpAndTheLastFiveDistinctAddressesOfAllSignalsAreShownLatestFirst() {
        projection.on(created("t1", "i-1", "s1"));
        assertThat(find(projection, "t1").supersededSecretUse()).isNull();
        projection.on(new SupersededSecretUsed("t1", T0.plusSeconds(10), T0.plusSeconds(14), 3,
                List.of("192.0.2.9", "192.0.2.8"), List.of("verify via 127.0.0.1"), false));
        projection.on(new SupersededSecretUsed("t1", T0.plusSeconds(2), T0.plusSeconds(4), 2, // another node's, older
                List.of("198.51.100.1", "192.0.2.8"), List.of("gateway auth via 127.0.0.2"), false));
        assertThat(find(projection, "t1").supersededSecretUse()).isEqualTo(new TokenView.RefusedUse(
                T0.plusSeconds(14), 5, List.of("192.0.2.9", "192.0.2.8", "198.51.100.1"),
                List.of("verify via 127.0.0.1", "gateway auth via 127.0.0.2")));
        projection.on(new SupersededSecretUsed("t1", T0.plusSeconds(70), T0.plusSeconds(75), 1,
                List.of("2001:db8::1", "2001:db8::2", "192.0.2.8"), List.of("gateway login"), false));
        assertThat(find(projection, "t1").supersededSecretUse()).as("at most five, the latest signal's first")
                .isEqualTo(new TokenView.RefusedUse(T0.plusSeconds(75), 6,
                        List.of("2001:db8::1", "2001:db8::2", "192.0.2.8", "192.0.2.9", "198.51.100.1"),
                        List.of("gateway login", "verify via 127.0.0.1", "gateway auth via 127.0.0.2")));
    }

    @Test
    void oneNodesSignalsSplitByItsFlushShowEveryAddressOfTheUses() {
        // uses from .21, .22, .21: the flush took the first one alone, the next signal brought .22 and .21 again
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new SupersededSecretUsed("t1", T0.plusSeconds(1), T0.plusSeconds(1), 1,
                List.of("192.0.2.21"), List.of("verify via 127.0.0.1"), false));
        projection.on(new SupersededSecretUsed("t1", T0.plusSeconds(2), T0.plusSeconds(3), 2,
                List.of("192.0.2.21", "192.0.2.22"), List.of("verify via 127.0.0.1"), false));
        assertThat(find(projection, "t1").supersededSecretUse().from()).containsExactly("192.0.2.21", "192.0.2.22");
    }

    @Test
    void expiredThenInactiveButStillListed() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new TokenExpired("t1", T0.plus(LIFETIME)));
        assertThat(find(projection, "t1").state()).isEqualTo("inactive");
    }

    @Test
    void pastValidUntilThenInactiveEvenBeforeExpiryEvent() {
        projection.on(created("t1", "i-1", "s1"));
        assertThat(find(projectionAt(T0.plus(LIFETIME)), "t1").state()).isEqualTo("inactive");
    }

    @Test
    void revokedThenGone() {
        projection.on(created("t1", "i-1", "s1"));
        projection.on(new TokenRevoked("t1", T0));
        assertThat(find(projection, "t1")).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_catalogue", Integer.class)).isZero();
    }

    @Test
    void listShowsOnlyTheInstancesTokensInCreationOrder() {
        projection.on(created("t2", "i-1", "s2"));
        projection.on(created("t3", "i-2", "s3"));
        TokenCatalogue catalogue = new TokenCatalogue(jdbc, new ObjectMapper(), Clock.systemUTC());
        assertThat(catalogue.list("p-1", "eu01", "i-1")).extracting(TokenView::id).containsExactly("t2");
        assertThat(catalogue.list("p-1", "eu02", "i-1")).isEmpty();
    }

    @Test
    void tokenOfAnotherInstanceIsNotFoundUnderThisOne() {
        projection.on(created("t1", "i-2", "s1"));
        assertThat(find(projection, "t1")).isNull();
    }

    @Test
    void aRebuildWritesBesideTheLiveRowsAndTheSwitchReplacesThem() {
        TokenCatalogue catalogue = new TokenCatalogue(jdbc, new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
        CatalogueProjection live = new CatalogueProjection(catalogue);
        live.on(created("old", "i-1", "s0"));
        CatalogueProjection rebuilding = new CatalogueProjection(catalogue, catalogue.rebuildRows());
        rebuilding.on(created("t1", "i-1", "s1"));
        rebuilding.on(new TokenRenamed("t1", "rebuilt", ""));
        live.on(created("t2", "i-1", "s2"));
        assertThat(find(live, "old")).as("the live rows answer during the rebuild").isNotNull();
        assertThat(find(live, "t1")).as("the rebuild writes beside them").isNull();
        catalogue.promoteRebuilt();
        assertThat(find(live, "old")).isNull();
        assertThat(find(live, "t1").name()).isEqualTo("rebuilt");
        live.on(created("t3", "i-1", "s3"));
        assertThat(find(live, "t3")).as("the live projection writes the switched-to table from then on").isNotNull();
    }

    @Test
    void rebuildsInAUnitOfWorkBatchTheirInsertsAndSwapTheTablesBackAndForth() {
        TokenCatalogue catalogue = new TokenCatalogue(jdbc, new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
        new CatalogueProjection(catalogue).on(created("old", "i-1", "s0"));
        for (int round = 1; round <= 3; round++) {
            String liveBefore = catalogue.liveTable();
            CatalogueProjection rebuilding = new CatalogueProjection(catalogue, catalogue.rebuildRows());
            DefaultUnitOfWork.startAndGet(null).execute(() -> {
                rebuilding.on(created("t1", "i-1", "s1"));
                rebuilding.on(created("t2", "i-1", "s2"));
                // These two must see rows whose inserts are still waiting for the batch's end.
                rebuilding.on(new TokenRenamed("t1", "renamed", ""));
                rebuilding.on(new TokenRevoked("t2", T0));
                rebuilding.on(created("t3", "i-1", "s3"));
            });
            assertThat(catalogue.list("p-1", "eu01", "i-1")).as("round %d: the live table until the swap", round)
                    .extracting(TokenView::id)
                    .containsExactlyElementsOf(round == 1 ? List.of("old") : List.of("t1", "t3"));
            catalogue.promoteRebuilt();
            assertThat(catalogue.liveTable()).isNotEqualTo(liveBefore);
            assertThat(catalogue.list("p-1", "eu01", "i-1")).extracting(TokenView::id).containsExactly("t1", "t3");
            assertThat(find(rebuilding, "t1").name()).isEqualTo("renamed");
        }
        assertThat(new TokenCatalogue(jdbc, new ObjectMapper(), Clock.systemUTC()).liveTable())
                .as("the swap is in the database, for the next start").isEqualTo(catalogue.liveTable());
    }

    @Test
    void selectorTokenListedUnderItsProjectWithSelectorAndRole() {
        projection.on(dev.tokenauthority.query.TestEvents.createdForSelector("t9", "eu01", Map.of("group", "A"),
                dev.tokenauthority.events.access.Role.READ_ONLY, "s9"));
        TokenCatalogue catalogue = new TokenCatalogue(jdbc, new ObjectMapper(), Clock.systemUTC());
        assertThat(catalogue.list("p-1", "eu01", null)).singleElement().satisfies(view -> {
            assertThat(view.role()).isEqualTo("read-only");
            assertThat(view.selector()).isEqualTo(Map.of("group", "A"));
        });
        assertThat(catalogue.find("p-1", "eu01", null, "t9")).isPresent();
        assertThat(catalogue.find("p-1", "eu01", "i-1", "t9")).isEmpty();
        assertThat(catalogue.list("p-1", "eu01", "i-1")).isEmpty();
    }
}

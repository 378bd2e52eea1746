package dev.tokenauthority.query.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.query.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Last use in memory and in the shared table: the latest time wins, the last five distinct addresses most recent
 * first, two nodes flushing the same token merge instead of overwriting, and nothing unflushed is lost to a read.
 */
class TokenUsageTests {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration RESOLUTION = Duration.ofMinutes(1);

    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private UsageTable table;
    private MutableClock clock;


    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        table = new UsageTable(jdbc, transactions);
        clock = new MutableClock(T0);
    }

    private TokenUsage node() {
        return new TokenUsage(table, clock, Duration.ofHours(1), RESOLUTION, true); // flushed by the test, not by time
    }

    @Test
    void recordingSwitchedOffRecordsNothing() {
        TokenUsage off = new TokenUsage(table, clock, Duration.ofHours(1), RESOLUTION, false);
        off.record("t1", "a");
        off.flush();
        assertThat(off.of(List.of("t1"))).isEmpty();
        assertThat(node().of(List.of("t1"))).isEmpty();
    }

    private void at(int seconds) {
        clock.set(T0.plusSeconds(seconds));
    }

    @Test
    void theLastFiveDistinctAddressesMostRecentFirstAndTheLatestTime() {
        TokenUsage usage = node();
        String[] clients = {"a", "b", "c", "a", "d", "e", "f", "a"};
        for (int i = 0; i < clients.length; i++) {
            at(i);
            usage.record("t1", clients[i]);
        }
        TokenUsage.Usage seen = usage.of(List.of("t1", "t2")).get("t1");
        assertThat(seen.lastUsedAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(seen.lastUsedFrom()).containsExactly("a", "f", "e", "d", "c");
        assertThat(usage.of(List.of("t2"))).isEmpty();
        usage.flush();
        assertThat(usage.of(List.of("t1")).get("t1")).as("the same after the flush").isEqualTo(seen);
    }

    @Test
    void twoNodesFlushingTheSameTokenMergeTheirAddresses() {
        TokenUsage one = node();
        TokenUsage two = node();
        at(1);
        one.record("t1", "10.0.0.1");
        at(2);
        two.record("t1", "10.0.0.2");
        at(3);
        one.record("t1", "10.0.0.3");
        two.flush();
        one.flush();
        at(4);
        two.record("t1", "10.0.0.1");
        two.flush();
        TokenUsage reader = node();
        TokenUsage.Usage merged = reader.of(List.of("t1")).get("t1");
        assertThat(merged.lastUsedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(merged.lastUsedFrom()).containsExactly("10.0.0.1", "10.0.0.3", "10.0.0.2");
    }

    @Test
    void aBusyTokenFromTheSameCallersIsWrittenOncePerResolutionAndReadExactlyOnItsNode() {
        TokenUsage usage = node();
        TokenUsage other = node();
        at(0);
        usage.record("t1", "a");
        usage.flush();
        assertThat(other.of(List.of("t1")).get("t1").lastUsedAt()).as("a first use is written at once").isEqualTo(T0);
        at(30);
        usage.record("t1", "a");
        usage.flush();
        assertThat(other.of(List.of("t1")).get("t1").lastUsedAt()).as("the same caller within a resolution: not written")
                .isEqualTo(T0);
        assertThat(usage.of(List.of("t1")).get("t1").lastUsedAt()).as("but this node reads it").isEqualTo(T0.plusSeconds(30));
        at(40);
        usage.record("t1", "b");
        usage.flush();
        assertThat(other.of(List.of("t1")).get("t1").lastUsedFrom()).as("another caller is news: written at once")
                .containsExactly("b", "a");
        at(70);
        usage.record("t1", "b");
        usage.flush();
        assertThat(other.of(List.of("t1")).get("t1").lastUsedAt()).isEqualTo(T0.plusSeconds(40));
        at(100);
        usage.record("t1", "b");
        usage.flush();
        assertThat(other.of(List.of("t1")).get("t1").lastUsedAt()).as("a resolution after the last write: written")
                .isEqualTo(T0.plusSeconds(100));
        at(110);
        usage.record("t1", "b");
        usage.flushAll();
        assertThat(other.of(List.of("t1")).get("t1").lastUsedAt()).as("a clean stop writes everything")
                .isEqualTo(T0.plusSeconds(110));
    }

    @Test
    void aUseKeptInMemoryIsWrittenOnceItsTokenFallsQuiet() {
        TokenUsage usage = node();
        at(0);
        usage.record("t1", "a");
        usage.flush();
        at(10);
        usage.record("t1", "a");
        usage.flush();
        at(61);
        usage.flush();
        assertThat(node().of(List.of("t1")).get("t1").lastUsedAt()).as("at most a resolution and a flush behind")
                .isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aFailedFlushKeepsItsUsesInOrderWithThoseMadeWhileItFailed() {
        TokenUsage[] usage = new TokenUsage[1];
        boolean[] failed = new boolean[1];
        // The first flush finds no database (not even a transaction), and a verification lands while it tries.
        UsageTable failingOnce = new UsageTable(jdbc, transactions) {
            @Override
            void merge(Map<String, RecentUse> uses) {
                if (!failed[0]) {
                    failed[0] = true;
                    at(3);
                    usage[0].record("t1", "c");
                    throw new CannotCreateTransactionException("the database is gone");
                }
                super.merge(uses);
            }
        };
        usage[0] = new TokenUsage(failingOnce, clock, Duration.ofHours(1), RESOLUTION, true);
        at(1);
        usage[0].record("t1", "a");
        at(2);
        usage[0].record("t1", "b");
        usage[0].flush();
        usage[0].flush();
        TokenUsage.Usage stored = node().of(List.of("t1")).get("t1");
        assertThat(stored.lastUsedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(stored.lastUsedFrom()).containsExactly("c", "b", "a");
    }

    @Test
    void anOlderFlushNeverMovesTheTimeBack() {
        TokenUsage late = node();
        TokenUsage early = node();
        at(9);
        late.record("t1", "x");
        late.flush();
        at(5);
        early.record("t1", "y");
        early.flush();
        Map<String, TokenUsage.Usage> read = node().of(List.of("t1"));
        assertThat(read.get("t1").lastUsedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(read.get("t1").lastUsedFrom()).containsExactly("x", "y");
    }
}

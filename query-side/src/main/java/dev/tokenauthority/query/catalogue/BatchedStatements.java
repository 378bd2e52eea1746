package dev.tokenauthority.query.catalogue;

import dev.tokenauthority.query.batch.AtCommit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The row writes of one batch of events, sent when the batch commits ({@link AtCommit}), in the order they were
 * made: consecutive statements with the same SQL go in one JDBC batch (one round trip).
 *
 * <p>Why: one round trip per event kept the catalogue's processor (one thread, on one node of a cluster, which every
 * write call waits for) sending a statement at a time while its host was starved for CPU: under battery test 2 at
 * full scale its position stood still for 10 s and regenerations answered 503. A batch of regenerations is now one
 * round trip, and the further the processor falls behind, the more each batch catches up.
 */
final class BatchedStatements {

    private record Statement(String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;
    private final AtCommit<Statement> pending = new AtCommit<>(this::send);

    BatchedStatements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(String sql, Object... args) {
        pending.add(new Statement(sql, args));
    }

    /** Sends what is pending now: before a statement whose result the caller needs. */
    void flush() {
        pending.flush();
    }

    private void send(List<Statement> pending) {
        int from = 0;
        while (from < pending.size()) {
            String sql = pending.get(from).sql();
            int to = from + 1;
            while (to < pending.size() && pending.get(to).sql().equals(sql)) {
                to++;
            }
            if (to - from == 1) {
                jdbc.update(sql, pending.get(from).args());
            } else {
                jdbc.batchUpdate(sql, pending.subList(from, to).stream().map(Statement::args).toList());
            }
            from = to;
        }
    }
}

package dev.tokenauthority.query.catalogue;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The row writes of one batch of events, sent when the batch commits, in the order they were made: consecutive
 * statements with the same SQL go in one JDBC batch (one round trip). Outside a unit of work each runs at once.
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
    private final String resourceKey = BatchedStatements.class.getName() + "." + System.identityHashCode(this);

    BatchedStatements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.<List<Statement>>getOrComputeResource(resourceKey, key -> {
            List<Statement> pending = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> send(pending));
            return pending;
        }).add(new Statement(sql, args));
    }

    /** Sends what is pending now: before a statement whose result the caller needs. */
    void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            List<Statement> pending = CurrentUnitOfWork.get().root().getResource(resourceKey);
            if (pending != null) {
                send(pending);
            }
        }
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
        pending.clear();
    }
}

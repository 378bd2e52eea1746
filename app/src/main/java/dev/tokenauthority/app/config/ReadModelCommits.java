package dev.tokenauthority.app.config;

import dev.tokenauthority.query.progress.ReadModelProgress;
import javax.sql.DataSource;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On PostgreSQL, the read models' processors (auth lookup, catalogue, audit trail) commit without waiting for the
 * write-ahead log to reach the disk: {@code synchronous_commit = off} for their transactions only, through Axon's
 * per-processor transaction manager. What they write is derived from the event store, and their position is in the
 * same transaction: a commit that a crash of the database loses is lost together with its position, and the
 * processor handles those events again. Other sessions see such a commit at once all the same. Events themselves
 * (the command side) keep waiting for the disk: an acknowledged write survives a crash.
 *
 * <p>Why: under battery test 2 at full scale (64 regenerating threads over 3 nodes on this 2-core host), commits
 * queued on the log flush ({@code WALWrite}, {@code WALSync} in {@code pg_stat_activity}) for up to 2 s each, the
 * catalogue's position stood still for 10 s, and regenerations answered 503 waiting for it.
 * {@code token-authority.read-models.synchronous-commit=on} switches back to stock commits.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelCommits {

    @Autowired
    void register(EventProcessingConfigurer processing, DataSource dataSource, TransactionManager transactions,
                  @Value("${token-authority.read-models.synchronous-commit:off}") boolean synchronousCommit) {
        if (synchronousCommit || StoreKind.of(dataSource) != StoreKind.POSTGRESQL) {
            return;
        }
        TransactionManager asynchronous = new AsynchronousCommits(transactions, new JdbcTemplate(dataSource));
        for (String readModel : ReadModelProgress.READ_MODELS) {
            processing.registerTransactionManager(readModel, configuration -> asynchronous);
        }
    }

    /** Spring's transaction, with {@code SET LOCAL synchronous_commit = off} as its first statement. */
    static final class AsynchronousCommits implements TransactionManager {

        private final TransactionManager transactions;
        private final JdbcTemplate jdbc;

        AsynchronousCommits(TransactionManager transactions, JdbcTemplate jdbc) {
            this.transactions = transactions;
            this.jdbc = jdbc;
        }

        @Override
        public Transaction startTransaction() {
            Transaction transaction = transactions.startTransaction();
            try {
                jdbc.execute("SET LOCAL synchronous_commit = off"); // the transaction's connection, bound by Spring
            } catch (RuntimeException e) {
                transaction.rollback();
                throw e;
            }
            return transaction;
        }
    }
}

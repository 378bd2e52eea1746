package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read models' processors commit without waiting for the disk on PostgreSQL (ReadModelCommits), and with the
 * switch on as stock; the command side always waits. On H2 (the first surefire run) nothing changes.
 */
class ReadModelCommitsEndToEndTests {

    private static final boolean ON_POSTGRES = "postgresql".equals(System.getProperty("token-authority.test.store"));

    @TempDir
    Path dataDir;

    @Test
    void readModelTransactionsDoNotWaitForTheDiskOnPostgresql() {
        try (RunningService service = RunningService.start(dataDir)) {
            for (String readModel : new String[] {"auth-lookup", "catalogue", "audit-trail"}) {
                assertThat(synchronousCommitIn(service, readModel)).as(readModel)
                        .isEqualTo(ON_POSTGRES ? "off" : null);
            }
            assertThat(synchronousCommitIn(service, null)).as("the command side's transactions").isIn("on", null);
            // a processor that writes in such transactions still works end to end
            String id = service.create("{\"name\":\"after\"}").get("id").asText();
            assertThat(service.admin("GET", service.tokens() + "/" + id, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theSwitchKeepsStockCommits() {
        try (RunningService service = RunningService.start(dataDir, "--token-authority.read-models.synchronous-commit=on")) {
            assertThat(synchronousCommitIn(service, "catalogue")).isIn("on", null);
        }
    }

    /** {@code SHOW synchronous_commit} inside a transaction of that processor's manager (null: the default one); null on H2. */
    private static String synchronousCommitIn(RunningService service, String processingGroup) {
        TransactionManager transactions = processingGroup == null ? service.bean(TransactionManager.class)
                : service.bean(EventProcessingConfiguration.class).transactionManager(processingGroup);
        Transaction transaction = transactions.startTransaction();
        try {
            return ON_POSTGRES ? new JdbcTemplate(service.bean(DataSource.class)).queryForObject("SHOW synchronous_commit", String.class)
                    : null;
        } finally {
            transaction.rollback();
        }
    }
}

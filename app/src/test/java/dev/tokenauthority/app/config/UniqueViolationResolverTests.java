package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class UniqueViolationResolverTests {

    private final UniqueViolationResolver resolver = new UniqueViolationResolver();

    @Test
    void uniqueViolationAnywhereInTheChainThenDuplicate() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("dup", "23505"))).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(new SQLException("dup", "23505")))).isTrue();
    }

    @Test
    void batchFailureCarryingAUniqueViolationAsNextExceptionThenDuplicate() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0]);
        batch.setNextException(new SQLException("dup", "23505"));
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException(batch))).isTrue();
    }

    @Test
    void otherFailuresThenNotDuplicate() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("fk", "23503"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException("no sql at all"))).isFalse();
    }
}

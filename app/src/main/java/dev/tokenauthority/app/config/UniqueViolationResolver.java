package dev.tokenauthority.app.config;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon when an append failed on a unique key, by the standard SQLSTATE {@code 23505} (H2 and PostgreSQL
 * alike), looking through causes and through {@link SQLException#getNextException()}: H2 reports a failed batch
 * insert as a {@code BatchUpdateException} whose own error code says nothing, which Axon's default resolver
 * misses. Without this, a second aggregate under a taken id, or two nodes changing one aggregate at once,
 * surface as a generic store failure instead of {@code AggregateStreamCreationException} and
 * {@code ConcurrencyException}.
 */
final class UniqueViolationResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        Set<Throwable> seen = new HashSet<>();
        return isUniqueViolation(exception, seen);
    }

    private static boolean isUniqueViolation(Throwable throwable, Set<Throwable> seen) {
        if (throwable == null || !seen.add(throwable)) {
            return false;
        }
        if (throwable instanceof SQLException sql) {
            if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (isUniqueViolation(sql.getNextException(), seen)) {
                return true;
            }
        }
        return isUniqueViolation(throwable.getCause(), seen);
    }
}

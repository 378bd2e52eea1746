package dev.tokenauthority.app;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with the service's whole schema (every H2 migration), for tests of one part. */
public final class MigratedH2 {

    private MigratedH2() {
    }

    /** {@code urlOptions}: H2 settings to add to the URL, each starting with {@code ;} (or empty). */
    public static JdbcDataSource inMemory(String urlOptions) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + urlOptions);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        return dataSource;
    }
}

package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

class H2WriteDelayCheckTests {

    @TempDir
    Path dataDir;

    @Test
    void theDataDirectorysStoreWritesEachCommitBeforeItReturns() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getSystemProperties().put("token-authority.data-dir", dataDir.toString());
        new DataDirectoryEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(H2WriteDelayCheck.writeDelayMillis(h2(environment.getProperty("spring.datasource.url"))))
                .hasValue(0);
    }

    @Test
    void anH2FileUrlWithoutTheSettingHasH2sDefaultDelay() {
        assertThat(H2WriteDelayCheck.writeDelayMillis(h2("jdbc:h2:file:" + dataDir.resolve("by-hand"))))
                .hasValue(500);
    }

    @Test
    void otherDatabasesAreNotItsConcern() {
        assertThat(H2WriteDelayCheck.writeDelayMillis(h2("jdbc:h2:mem:" + UUID.randomUUID())))
                .isEqualTo(OptionalInt.empty());
    }

    private static JdbcDataSource h2(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        return dataSource;
    }
}

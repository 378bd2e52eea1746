package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.app.MigratedH2;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.Serializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class TokenEntryTests {

    @Test
    void aTokenWaitingForAsManyPositionsAsTheLargestGapOffsetAllowsIsStoredAndReadBack() {
        // H2 skipped 312,230 positions at once (crash piece on H2, run 200): every processor's token held them all as
        // gaps, its JSON was 2 MB, and H2's column of 1 MiB refused it at every batch.
        JdbcDataSource dataSource = MigratedH2.inMemory("");
        Serializer serializer = AxonConfiguration.jacksonSerializer();
        JdbcTokenStore tokens = JdbcTokenStore.builder().connectionProvider(dataSource::getConnection)
                .serializer(serializer).schema(new AxonConfiguration().tokenSchema()).build();
        long index = 5_966L + TimestampOnceEventStorageEngine.MAX_GAP_OFFSET;
        GapAwareTrackingToken waiting = GapAwareTrackingToken.newInstance(index, LongStream.range(5_967, index)
                .boxed().collect(Collectors.toCollection(TreeSet::new)));

        tokens.initializeTokenSegments("auth-lookup", 1);
        tokens.fetchToken("auth-lookup", 0);
        tokens.storeToken(waiting, "auth-lookup", 0);
        TrackingToken stored = tokens.fetchToken("auth-lookup", 0);

        assertThat(stored).isEqualTo(waiting);
        assertThat(((GapAwareTrackingToken) stored).getGaps()).hasSize(TimestampOnceEventStorageEngine.MAX_GAP_OFFSET - 1);
    }
}

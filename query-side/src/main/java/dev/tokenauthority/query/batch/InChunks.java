package dev.tokenauthority.query.batch;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/** A query over many keys at once ({@code … IN (?, ?, …)}), in chunks well within every driver's parameter limit. */
public final class InChunks {

    static final int CHUNK = 500;

    private InChunks() {
    }

    /**
     * Runs {@code sql}, whose {@code %s} stands for the placeholders of the keys, once per chunk of {@code keys},
     * handing every row to {@code rows}.
     */
    public static void query(JdbcTemplate jdbc, String sql, Collection<String> keys, RowCallbackHandler rows) {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            jdbc.query(sql.formatted(String.join(", ", Collections.nCopies(chunk.size(), "?"))), rows, chunk.toArray());
        }
    }
}

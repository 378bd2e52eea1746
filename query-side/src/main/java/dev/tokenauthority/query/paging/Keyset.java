package dev.tokenauthority.query.paging;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The SQL of keyset paging over a table ordered by {@code created_at}, then its id column. */
public final class Keyset {

    private Keyset() {
    }

    /** The condition for the rows after {@code after} (none: from the start), the order and the limit. */
    public static String after(PageRequest.Cursor after, String idColumn) {
        String order = " ORDER BY created_at, " + idColumn + " LIMIT ?";
        return after == null ? order
                : " AND (created_at > ? OR (created_at = ? AND " + idColumn + " > ?))" + order;
    }

    /** {@code filterArguments}, then those of {@link #after}'s condition and limit. */
    public static Object[] arguments(List<Object> filterArguments, PageRequest.Cursor after, int limit) {
        List<Object> arguments = new ArrayList<>(filterArguments);
        if (after != null) {
            arguments.add(after.createdAt().atOffset(ZoneOffset.UTC));
            arguments.add(after.createdAt().atOffset(ZoneOffset.UTC));
            arguments.add(after.id());
        }
        arguments.add(limit);
        return arguments.toArray();
    }
}

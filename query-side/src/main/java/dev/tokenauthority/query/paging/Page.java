package dev.tokenauthority.query.paging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/** The items of one page and the token of the next, {@code null} on the last page. */
public record Page<T>(List<T> items, String next) {

    /**
     * Collects a page from {@code batchAfter} (up to the given number of items after a cursor, in list order),
     * keeping the items {@code keep} accepts; reads more batches while filtered-out items leave the page short.
     */
    public static <T> Page<T> collect(PageRequest request, BiFunction<PageRequest.Cursor, Integer, List<T>> batchAfter,
                                      Predicate<T> keep, Function<T, PageRequest.Cursor> cursorOf) {
        int limit = request.size() + 1;
        List<T> kept = new ArrayList<>();
        PageRequest.Cursor after = request.after();
        while (true) {
            List<T> batch = batchAfter.apply(after, limit);
            for (T item : batch) {
                if (keep.test(item)) {
                    kept.add(item);
                    if (kept.size() > request.size()) {
                        List<T> items = List.copyOf(kept.subList(0, request.size()));
                        return new Page<>(items, cursorOf.apply(items.get(items.size() - 1)).encode());
                    }
                }
            }
            if (batch.size() < limit) {
                return new Page<>(List.copyOf(kept), null);
            }
            after = cursorOf.apply(batch.get(batch.size() - 1));
        }
    }
}

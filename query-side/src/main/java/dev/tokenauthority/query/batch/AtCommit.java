package dev.tokenauthority.query.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Items a projection gathers while a tracking processor hands it one batch of events (one unit of work), written
 * together when the batch commits, in the transaction of the processor's position; outside a unit of work each is
 * written at once. A projection that writes per batch costs a few round trips per batch instead of one or more per
 * event: the further it falls behind, the more each batch catches up.
 */
public final class AtCommit<T> {

    private final Consumer<List<T>> writer;
    private final String resourceKey = AtCommit.class.getName() + "." + System.identityHashCode(this);

    /** {@code writer} writes the items in the order given, and may be called with a batch of one. */
    public AtCommit(Consumer<List<T>> writer) {
        this.writer = writer;
    }

    public void add(T item) {
        if (!CurrentUnitOfWork.isStarted()) {
            writer.accept(List.of(item));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.<List<T>>getOrComputeResource(resourceKey, key -> {
            List<T> pending = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> write(pending));
            return pending;
        }).add(item);
    }

    /** Writes what is pending now: before a statement that must see it. */
    public void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            List<T> pending = CurrentUnitOfWork.get().root().getResource(resourceKey);
            if (pending != null) {
                write(pending);
            }
        }
    }

    private void write(List<T> pending) {
        if (!pending.isEmpty()) {
            writer.accept(List.copyOf(pending));
            pending.clear();
        }
    }
}

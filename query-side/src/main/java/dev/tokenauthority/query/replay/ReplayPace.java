package dev.tokenauthority.query.replay;

import java.util.concurrent.locks.LockSupport;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Holds a rebuild to at most {@code token-authority.replay.events-per-second} events a second (0: as fast as it
 * goes), so that a replay leaves the cores, and the collector, to the verify calls the live models keep answering.
 * One per rebuild processor, used by its one thread. It waits only once it is a millisecond ahead of its pace, and
 * a rebuild that fell more than a second behind (a slow batch) does not rush to catch up.
 */
final class ReplayPace implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final long AHEAD_BEFORE_WAITING = 1_000_000;
    private static final long MOST_BEHIND = 1_000_000_000;

    private final long nanosPerEvent;
    private long due = System.nanoTime();

    ReplayPace(long eventsPerSecond) {
        this.nanosPerEvent = eventsPerSecond > 0 ? 1_000_000_000L / eventsPerSecond : 0;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (nanosPerEvent > 0) {
            due += nanosPerEvent;
            long ahead = due - System.nanoTime();
            if (ahead > AHEAD_BEFORE_WAITING) {
                LockSupport.parkNanos(ahead);
            } else if (ahead < -MOST_BEHIND) {
                due = System.nanoTime();
            }
        }
        return chain.proceed();
    }
}

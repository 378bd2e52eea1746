package dev.tokenauthority.query.authlookup;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * The auth-lookup model the verifier reads ({@link #live()}) and the position in the event stream it reflects.
 *
 * <p>Each event is applied under one lock, which also records the event as the model's position
 * ({@link #positionRecorder()}, an interceptor on the model's processor), so a snapshot taken under the same lock
 * ({@link #whileNoEventIsApplied}) is a state and the exact position it reflects. Verify calls never take the lock.
 *
 * <p>A rebuild fills a model of its own ({@link AuthLookupRebuild}) and then hands it to the live one
 * ({@link #takeOver}); a start from a snapshot does the same with the snapshot's state. Either is one volatile
 * write: a reader sees either the whole old state or the whole new one.
 */
@Component
public class AuthLookupModel {

    private final ReentrantLock applying = new ReentrantLock();
    private volatile AuthState live;
    private TrackingToken position; // the token after the last applied event; guarded by applying

    public AuthLookupModel() {
        this(0);
    }

    /** A model whose index is sized for {@code expectedTokens} (a rebuild knows about how many to expect). */
    AuthLookupModel(int expectedTokens) {
        this.live = new AuthState(new AuthLookupIndex(expectedTokens), new InstanceRegistry(), new ServiceAccountDirectory(),
                new SupersededSecrets());
    }

    /** What verify calls read. */
    public AuthState live() {
        return live;
    }

    /** Runs {@code action} on the state and its position with no event being applied meanwhile. */
    public <T> T whileNoEventIsApplied(BiFunction<AuthState, TrackingToken, T> action) {
        applying.lock();
        try {
            return action.apply(live, position);
        } finally {
            applying.unlock();
        }
    }

    /** Makes {@code state}, which reflects the stream up to {@code at}, this model's state, at once. */
    public void takeOver(AuthState state, TrackingToken at) {
        applying.lock();
        try {
            live = state;
            position = at;
        } finally {
            applying.unlock();
        }
    }

    /** Makes another model's state and position this one's (the end of a rebuild). */
    public void takeOver(AuthLookupModel rebuilt) {
        rebuilt.whileNoEventIsApplied((state, at) -> {
            takeOver(state, at);
            return null;
        });
    }

    /** The model's position: the token after the event last applied to it; {@code null} before the first. */
    public TrackingToken position() {
        return whileNoEventIsApplied((state, at) -> at);
    }

    /** Applies each event of the model's processor under the lock, and records it as the position. */
    public MessageHandlerInterceptor<org.axonframework.eventhandling.EventMessage<?>> positionRecorder() {
        return this::applyRecorded;
    }

    private Object applyRecorded(UnitOfWork<? extends org.axonframework.eventhandling.EventMessage<?>> unitOfWork,
                                 InterceptorChain chain) throws Exception {
        applying.lock();
        try {
            Object result = chain.proceed();
            if (unitOfWork.getMessage() instanceof TrackedEventMessage<?> tracked) {
                position = WrappedToken.unwrapLowerBound(tracked.trackingToken());
            }
            return result;
        } finally {
            applying.unlock();
        }
    }
}

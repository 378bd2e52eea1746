package dev.tokenauthority.command.web;

/** Where events sit in the event store; implemented by whoever owns the store's schema. */
public interface EventPositions {

    /** The global position of the newest event of {@code aggregateId}, or -1 if it has none. */
    long latestOf(String aggregateId);
}

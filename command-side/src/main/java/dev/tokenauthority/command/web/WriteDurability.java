package dev.tokenauthority.command.web;

/**
 * Makes what this process has committed survive a crash of the process, before a write call answers; implemented
 * by whoever owns the store (the README's "Durability" says what each store guarantees).
 */
public interface WriteDurability {

    /** Returns once every transaction committed before the call is in the store's files. */
    void awaitDurable();
}

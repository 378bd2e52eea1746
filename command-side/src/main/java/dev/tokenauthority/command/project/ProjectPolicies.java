package dev.tokenauthority.command.project;

import dev.tokenauthority.events.project.SupersededUsePolicy;

/**
 * Each project's token policy as the command side enforces it, kept by {@link ProjectPolicyDirectory} in the same
 * transaction as the policy's events, so it is never behind them.
 */
public interface ProjectPolicies {

    /** What a project that never set a policy does: record the signal, keep the token (revoking is opt-in). */
    SupersededUsePolicy DEFAULT_ON_SUPERSEDED_USE = SupersededUsePolicy.RECORD;

    /** What a presented superseded secret does to the project's tokens. */
    SupersededUsePolicy onSupersededUse(String projectId);
}

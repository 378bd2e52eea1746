package dev.tokenauthority.events.project;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a project does when a superseded secret of one of its live tokens is presented (a strong sign that the old
 * secret leaked): the answer to the caller is the same either way; only what happens to the token differs.
 */
public enum SupersededUsePolicy {
    /** The signal is recorded on the token (its details, the audit trail); the token stays valid. */
    @JsonProperty("record") RECORD("record"),
    /** The signal is recorded and the token revoked in the same commit. */
    @JsonProperty("revoke") REVOKE("revoke");

    private final String value;

    SupersededUsePolicy(String value) {
        this.value = value;
    }

    /** How the API and the events spell it. */
    public String value() {
        return value;
    }

    /** The policy spelled {@code value}, or {@code null} for anything else. */
    public static SupersededUsePolicy fromValue(String value) {
        for (SupersededUsePolicy policy : values()) {
            if (policy.value.equals(value)) {
                return policy;
            }
        }
        return null;
    }
}

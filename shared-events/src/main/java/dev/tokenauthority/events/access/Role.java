package dev.tokenauthority.events.access;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a token may do on the instances it covers (the second seed's "AI Platform - Read-only / Operator"). */
public enum Role {
    /** May use the instance ({@link Action#QUERY}), not manage it. */
    @JsonProperty("read-only") READ_ONLY("read-only"),
    /** May use and manage the instance: start, stop, delete. */
    @JsonProperty("operator") OPERATOR("operator");

    private final String value;

    Role(String value) {
        this.value = value;
    }

    /** How the API and the events spell it. */
    public String value() {
        return value;
    }

    public boolean permits(Action action) {
        return action == Action.QUERY || this == OPERATOR;
    }

    /** The role spelled {@code value}, or {@code null} for anything else. */
    public static Role fromValue(String value) {
        for (Role role : values()) {
            if (role.value.equals(value)) {
                return role;
            }
        }
        return null;
    }
}

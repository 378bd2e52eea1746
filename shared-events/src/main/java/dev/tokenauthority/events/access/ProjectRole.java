package dev.tokenauthority.events.access;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a service account (or an identity provider's user) may do in its project's admin API. Each role includes
 * the ones before it.
 */
public enum ProjectRole {
    /** Reads tokens, instances and the audit trail. */
    @JsonProperty("viewer") VIEWER("viewer"),
    /** A viewer who also creates, updates, regenerates and deletes tokens and instances. */
    @JsonProperty("editor") EDITOR("editor"),
    /** An editor who also manages the project's service accounts. */
    @JsonProperty("owner") OWNER("owner");

    private final String value;

    ProjectRole(String value) {
        this.value = value;
    }

    /** How the API, the events and an identity provider's roles claim spell it. */
    public String value() {
        return value;
    }

    /** Whether this role may do what {@code needed} may. */
    public boolean includes(ProjectRole needed) {
        return compareTo(needed) >= 0;
    }

    /** The role spelled {@code value}, or {@code null} for anything else. */
    public static ProjectRole fromValue(String value) {
        for (ProjectRole role : values()) {
            if (role.value.equals(value)) {
                return role;
            }
        }
        return null;
    }
}

package dev.tokenauthority.command.instance;

import dev.tokenauthority.events.access.Labels;

/** Why the instance aggregate refused a command, with a description fit for a client. */
public enum InstanceRejection {
    /** The instance exists, but not under the project and region the call named. */
    INSTANCE_NOT_FOUND("no such instance in this project and region"),
    INSTANCE_DELETED("the instance was deleted"),
    INVALID_TYPE("type must be app or experiments"),
    INVALID_NAME("name must be 1-63 characters of letters, digits, space, '_' or '-'"),
    INVALID_LABELS(Labels.RULES);

    private final String description;

    InstanceRejection(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

package dev.tokenauthority.events.access;

/** What a caller wants to do with an instance, as the verify endpoint's {@code action} names it. */
public enum Action {
    /** Use the instance: any HTTP call to the app itself. */
    QUERY("query"),
    /** Lifecycle of the instance: start, stop, delete. */
    MANAGE("manage");

    private final String value;

    Action(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The action spelled {@code value}, or {@code null} for anything else. */
    public static Action fromValue(String value) {
        for (Action action : values()) {
            if (action.value.equals(value)) {
                return action;
            }
        }
        return null;
    }
}

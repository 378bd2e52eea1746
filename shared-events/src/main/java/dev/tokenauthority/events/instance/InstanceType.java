package dev.tokenauthority.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What kind of resource an instance is: an AI app (second seed) or an ML experiments instance (first seed). */
public enum InstanceType {
    @JsonProperty("app") APP("app"),
    @JsonProperty("experiments") EXPERIMENTS("experiments");

    private final String value;

    InstanceType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static InstanceType fromValue(String value) {
        for (InstanceType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        return null;
    }
}

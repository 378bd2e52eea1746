package dev.tokenauthority.edge.gateway;

/** The key a gateway presents to reach the gateway endpoints; {@code null} when none is configured. */
public record GatewayKey(String value) {

    @Override
    public String toString() {
        return "GatewayKey[" + (value == null ? "none" : "set") + "]";
    }
}

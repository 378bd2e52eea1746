package dev.tokenauthority.events.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.token.TokenCreated;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code TokenCreated} revision 1 → 2. Revision 1 knew only instance tokens, and an instance token acts as
 * operator on its instance: so the upcast event has role {@code operator} and an empty selector.
 */
public final class TokenCreatedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(TokenCreated.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 =
            new SimpleSerializedType(TokenCreated.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            event.put("role", Role.OPERATOR.value());
            event.putObject("selector");
            return event;
        });
    }
}

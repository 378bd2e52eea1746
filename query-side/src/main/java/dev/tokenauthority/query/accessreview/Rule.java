package dev.tokenauthority.query.accessreview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * Why a token opened an instance: it was issued for that instance ({@code instance-token}), or its selector's
 * pairs were all among the instance's labels at the moment ({@code selector}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AccessRule")
public record Rule(@Schema(allowableValues = {"instance-token", "selector"}) String kind, Map<String, String> selector) {

    static Rule instanceToken() {
        return new Rule("instance-token", null);
    }

    static Rule selector(Map<String, String> selector) {
        return new Rule("selector", new java.util.TreeMap<>(selector));
    }
}

package dev.tokenauthority.app.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.tokenauthority.events.secret.SecretFormat;
import java.io.IOException;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How strict the API reads JSON, decided once for every request body (and written down in the README): a body is
 * one JSON value and nothing after it; a key appears once in an object (which of two names would win is a guess
 * the caller did not mean us to make, and Jackson fails on it with Java records in a way that reads as our fault);
 * a string field takes a string, never a number or a boolean turned into one; a field the request type does not
 * have is refused ({@code spring.jackson.deserialization.fail-on-unknown-properties}), so a misspelt
 * {@code ttlDuration} cannot quietly give a token the default lifetime; and no string, value or key, holds one of
 * our secrets ({@link SecretFormat#appearsIn}): a secret pasted into a name, a description or a label would be
 * stored, listed and audited for ever. Each refusal is a 400 problem, which never repeats the input.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    /** A bean: Spring Boot adds every Jackson module bean to the mapper (a customizer's own list would replace them). */
    @Bean
    SimpleModule secretFreeStrings() {
        return new SimpleModule("secret-free-strings")
                .addDeserializer(String.class, new SecretFreeString())
                .addKeyDeserializer(String.class, new SecretFreeKey());
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Thrown for a string that holds a secret; its message never holds the string. */
    static final class SecretInRequestException extends JsonMappingException {

        SecretInRequestException(JsonParser parser) {
            super(parser, "a string holds a secret");
        }
    }

    /** Jackson's own string reading (and its coercion rules above), then the secret check. */
    private static final class SecretFreeString extends StdScalarDeserializer<String> {

        private final StringDeserializer strings = StringDeserializer.instance;

        SecretFreeString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = strings.deserialize(parser, context);
            if (SecretFormat.appearsIn(value)) {
                throw new SecretInRequestException(parser);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    private static final class SecretFreeKey extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (SecretFormat.appearsIn(key)) {
                throw new SecretInRequestException(context.getParser());
            }
            return key;
        }
    }
}

package dev.tokenauthority.app.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, remembering the classes it has found. Axon looks up the payload and metadata
 * class of every stored event by name with {@code Class.forName}: a tenth of the auth lookup's CPU in a
 * replay (async-profiler). Names it cannot resolve are left to Axon, which remembers those itself.
 */
final class ClassCachingJacksonSerializer extends JacksonSerializer {

    private final Map<String, Class<?>> known = new ConcurrentHashMap<>();

    ClassCachingJacksonSerializer(Builder builder) {
        super(builder);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        Class<?> cached = known.get(type.getName());
        if (cached != null) {
            return cached;
        }
        Class<?> found = super.classForType(type);
        if (found != UnknownSerializedType.class && found != Void.class) {
            known.put(type.getName(), found);
        }
        return found;
    }
}

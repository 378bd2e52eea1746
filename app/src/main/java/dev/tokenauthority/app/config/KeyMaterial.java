package dev.tokenauthority.app.config;

import dev.tokenauthority.edge.admin.AdminKey;
import dev.tokenauthority.edge.admin.AdminKeys;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.secret.TokenSecrets;
import dev.tokenauthority.events.secret.WebhookSecrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The two keys of the service. Each comes from configuration when given, or else from a file in the data
 * directory, generated with owner-only permissions on first start:
 * <ul>
 *   <li>the HMAC key ({@code token-authority.hmac-key}, base64; file {@code hmac.key}) under which secrets are
 *       hashed; losing it invalidates every token, leaking it allows offline guessing against a stolen store;</li>
 *   <li>the admin key ({@code token-authority.admin-key}, i.e. environment variable
 *       {@code TOKEN_AUTHORITY_ADMIN_KEY}; file {@code admin.key}) that opens the admin API, as principal
 *       {@code admin}; more named ones may be configured.</li>
 * </ul>
 * Only file paths are logged, never a key.
 */
@Configuration(proxyBeanMethods = false)
public class KeyMaterial {

    static final int MIN_ADMIN_KEY_LENGTH = 32;
    static final String ADMIN_KEY_VARIABLE = "TOKEN_AUTHORITY_ADMIN_KEY";
    static final String NAMED_ADMIN_KEY_PREFIX = "TOKEN_AUTHORITY_ADMIN_KEYS_";

    @Bean
    SecretHasher secretHasher(@Value("${token-authority.data-dir}") Path dataDir,
                              @Value("${token-authority.hmac-key:}") String configured) {
        String encoded = configured.isBlank() ? KeyFile.readOrCreate(dataDir.resolve("hmac.key"), "HMAC key") : configured;
        return new SecretHasher(Base64.getDecoder().decode(encoded.strip()));
    }

    /** Webhooks' signing secrets, derived from the HMAC key (nothing more to keep). */
    @Bean
    WebhookSecrets webhookSecrets(SecretHasher hasher) {
        return new WebhookSecrets(hasher);
    }

    /**
     * The admin principals: {@code admin} (the admin key above), plus one per
     * {@code token-authority.admin-keys.<name>=<key>} (environment {@code TOKEN_AUTHORITY_ADMIN_KEYS_<NAME>}), so
     * that the audit trail can tell administrators apart.
     */
    @Bean
    AdminKeys adminKeys(@Value("${token-authority.data-dir}") Path dataDir, ConfigurableEnvironment environment) {
        // The environment variable names are a documented contract: read them as such, not through relaxed binding.
        String configured = environment.getProperty("token-authority.admin-key",
                environment.getProperty(ADMIN_KEY_VARIABLE, ""));
        String key = configured.isBlank() ? KeyFile.readOrCreate(dataDir.resolve("admin.key"), "admin key") : configured.strip();
        Map<String, String> named = new TreeMap<>(Binder.get(environment)
                .bind("token-authority.admin-keys", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        environment.getSystemEnvironment().forEach((variable, value) -> {
            if (variable.startsWith(NAMED_ADMIN_KEY_PREFIX) && variable.length() > NAMED_ADMIN_KEY_PREFIX.length()) {
                named.put(variable.substring(NAMED_ADMIN_KEY_PREFIX.length()).toLowerCase(Locale.ROOT), value.toString());
            }
        });
        List<AdminKey> keys = new ArrayList<>();
        keys.add(checked("admin", key));
        named.forEach((name, value) -> keys.add(checked(name, value.strip())));
        return new AdminKeys(keys);
    }

    private static AdminKey checked(String name, String key) {
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalStateException("admin principal names are 1-63 characters of a-z, 0-9, '.', '_', '-'");
        }
        if (key.length() < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalStateException("the admin key of " + name + " must be at least " + MIN_ADMIN_KEY_LENGTH
                    + " characters");
        }
        if (key.startsWith(TokenSecrets.PREFIX)) {
            throw new IllegalStateException("the admin key of " + name + " must not look like a token secret ("
                    + TokenSecrets.PREFIX + "…)");
        }
        return new AdminKey(name, key);
    }
}

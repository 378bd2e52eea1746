package dev.tokenauthority.command.web;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The public keys leaked-token reports are signed with, by key id: {@code token-authority.leak-reports.public-keys.<id>}
 * = an ECDSA P-256 public key (PEM, or its base64 DER), as GitHub publishes the keys of its secret-scanning partner
 * program. A report is accepted only with a valid {@code SHA256withECDSA} signature over its exact bytes by one of them.
 * Bad keys stop the start, not the first report.
 */
@Component
class LeakReporterKeys {

    private final Map<String, PublicKey> keys = new LinkedHashMap<>();

    LeakReporterKeys(Environment environment) {
        Map<String, String> configured = Binder.get(environment)
                .bind("token-authority.leak-reports.public-keys", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        configured.forEach((id, text) -> keys.put(id, parse(id, text)));
    }

    boolean configured() {
        return !keys.isEmpty();
    }

    /** The key id, if {@code signature} (base64 DER) is the key's valid signature of {@code body}. */
    Optional<String> verify(String keyId, String signature, byte[] body) {
        PublicKey key = keyId == null ? null : keys.get(keyId);
        if (key == null || signature == null) {
            return Optional.empty();
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signature.strip())) ? Optional.of(keyId) : Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException notASignature) {
            return Optional.empty();
        }
    }

    private static PublicKey parse(String id, String text) {
        String base64 = text.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("token-authority.leak-reports.public-keys." + id
                    + " is not an EC public key (PEM or base64 DER)", e);
        }
    }
}

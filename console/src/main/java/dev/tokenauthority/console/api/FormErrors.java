package dev.tokenauthority.console.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts an API refusal next to the form field it is about: by the problem's {@code code} where it names one
 * ({@code INVALID_NAME} → {@code name}), else by the field its detail begins with ("ttlDuration must be …"), else
 * at the top of the form. The words are the API's.
 */
public final class FormErrors {

    private static final Map<String, String> FIELD_OF_CODE = Map.of(
            "INVALID_NAME", "name", "INVALID_DESCRIPTION", "description", "INVALID_LIFETIME", "ttlDuration",
            "INVALID_LABELS", "labels", "INVALID_SELECTOR", "selector", "INVALID_ROLE", "role", "INVALID_TYPE", "type",
            "INVALID_URL", "url", "INVALID_ALLOWED_NETWORKS", "allowedNetworks");

    private FormErrors() {
    }

    /** Field name → message; key {@code form} for what belongs to no field of {@code fields}. */
    public static Map<String, String> of(AdminApi.Answer refused, List<String> fields) {
        Map<String, String> errors = new LinkedHashMap<>();
        String field = FIELD_OF_CODE.get(refused.code());
        String detail = refused.detail();
        if (field == null || !fields.contains(field)) {
            field = fields.stream().filter(f -> detail.startsWith(f + " ") || detail.startsWith(f + ":")).findFirst().orElse("form");
        }
        errors.put(field, detail);
        return errors;
    }
}

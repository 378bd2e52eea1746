package dev.tokenauthority.console.web;

import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.Map;

/**
 * A secret the API just returned, held in the user's server-side session from the call until the one page that
 * shows it: that page takes it out, so a reload (or the back button) finds nothing. Never in a URL, a cookie or a
 * redirect.
 */
final class OneTimeSecrets {

    private static final String ATTRIBUTE = OneTimeSecrets.class.getName();

    private OneTimeSecrets() {
    }

    static void keep(HttpSession session, String tokenId, String secret) {
        held(session).put(tokenId, secret);
    }

    /** The secret of {@code tokenId}, once; {@code null} when it was shown already (or never held). */
    static String take(HttpSession session, String tokenId) {
        return held(session).remove(tokenId);
    }

    @SuppressWarnings("unchecked")
    private static synchronized Map<String, String> held(HttpSession session) {
        Object map = session.getAttribute(ATTRIBUTE);
        if (map == null) {
            map = new HashMap<String, String>();
            session.setAttribute(ATTRIBUTE, map);
        }
        return (Map<String, String>) map;
    }
}

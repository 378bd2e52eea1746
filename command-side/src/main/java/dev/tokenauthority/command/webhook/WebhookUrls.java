package dev.tokenauthority.command.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a webhook's URL may be: absolute {@code http} or {@code https} with a host, no user information (a password in
 * a URL ends up in logs and in the API's answers) and no fragment (never sent). Whether plain {@code http} is allowed
 * is the deployment's choice, made at the API ({@code token-authority.webhooks.allow-http}).
 */
public final class WebhookUrls {

    public static final int MAX_LENGTH = 2000;

    private WebhookUrls() {
    }

    public static boolean isValid(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_LENGTH || url.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The host of a valid URL, an IPv6 address without its brackets. */
    public static String host(String url) {
        String host = URI.create(url).getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether the URL is plain {@code http} (valid ones only). */
    public static boolean isPlainHttp(String url) {
        return url.regionMatches(true, 0, "http:", 0, 5);
    }
}

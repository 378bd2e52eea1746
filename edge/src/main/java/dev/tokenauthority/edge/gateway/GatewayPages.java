package dev.tokenauthority.edge.gateway;

import org.springframework.web.util.HtmlUtils;

/**
 * The few HTML pages a browser sees at the gateway: the login page, with or without a message, and the page
 * after logout. Everything taken from a request is HTML-escaped; the pages load nothing from anywhere
 * (their Content-Security-Policy allows no script at all).
 */
final class GatewayPages {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
            main{max-width:26rem;margin:12vh auto;background:#fff;padding:2rem 2.25rem;border-radius:10px;
            box-shadow:0 2px 12px rgba(0,0,0,.08)}
            h1{font-size:1.35rem;margin:0 0 .75rem}p{line-height:1.45}
            label{display:block;font-weight:600;margin:1.25rem 0 .35rem}
            input{box-sizing:border-box;width:100%;padding:.6rem;font:inherit;font-family:monospace;border:1px solid #b8bfcc;
            border-radius:6px}
            button{margin-top:1.1rem;width:100%;padding:.65rem;font:inherit;font-weight:600;color:#fff;background:#2457c5;
            border:0;border-radius:6px;cursor:pointer}
            .error{background:#fdecec;color:#8a1c1c;padding:.6rem .75rem;border-radius:6px}
            code{background:#eef0f4;padding:0 .25rem;border-radius:4px}
            """;

    private GatewayPages() {
    }

    /** The login page for the app {@code instanceId}; {@code message} (ours, never the request's) when not null. */
    static String login(String instanceId, String state, String message) {
        String error = message == null ? ""
                : "<p class=\"error\" id=\"error\" role=\"alert\">" + HtmlUtils.htmlEscape(message) + "</p>\n";
        return page("Log in", """
                <h1>Log in</h1>
                <p>This app (<code>%s</code>) is protected. Use an access token that grants access to it.</p>
                %s<form method="post" action="%slogin" autocomplete="off">
                <input type="hidden" name="state" value="%s">
                <label for="token">Access token</label>
                <input id="token" name="token" type="password" required autofocus spellcheck="false" autocomplete="off">
                <button id="login" type="submit">Login with token</button>
                </form>
                """.formatted(HtmlUtils.htmlEscape(instanceId), error, GatewayContract.PUBLIC_PREFIX,
                HtmlUtils.htmlEscape(state)));
    }

    /** A page with a title and a paragraph of our own text, and a way back to the site's start page. */
    static String notice(String title, String text) {
        return page(title, """
                <h1>%s</h1>
                <p id="notice">%s</p>
                <p><a id="home" href="/">Back to the app</a></p>
                """.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(text)));
    }

    private static String page(String title, String main) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="no-referrer">
                <title>%s · Token Authority</title>
                <style>%s</style>
                </head>
                <body>
                <main>
                %s</main>
                </body>
                </html>
                """.formatted(HtmlUtils.htmlEscape(title), STYLE, main);
    }
}

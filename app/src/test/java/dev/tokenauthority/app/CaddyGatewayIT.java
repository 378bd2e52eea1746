package dev.tokenauthority.app;

import java.util.List;

/** The same gateway contract through Caddy (Debian's caddy): {@code gateway/caddy/}, {@code demo.sh --caddy}. */
class CaddyGatewayIT extends GatewayContract {

    @Override
    String gatewayProgram() {
        return "caddy";
    }

    @Override
    List<String> demoArguments() {
        return List.of("--caddy");
    }
}

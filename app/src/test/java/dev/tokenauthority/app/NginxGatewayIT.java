package dev.tokenauthority.app;

import java.util.List;

/** The gateway contract through nginx (Debian's nginx-light), the reference gateway: {@code gateway/nginx/}. */
class NginxGatewayIT extends GatewayContract {

    @Override
    String gatewayProgram() {
        return "nginx";
    }

    @Override
    List<String> demoArguments() {
        return List.of();
    }
}

package dev.tokenauthority.edge.gateway;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The gateway endpoints' own listener: {@code token-authority.gateway.port} (and {@code .address}, default
 * {@code 127.0.0.1}), a second Tomcat connector beside {@code server.port}. Unset (the default), the gateway
 * endpoints answer on the main port.
 */
@Component
class GatewayListener implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final int port;
    private final String address;

    GatewayListener(@Value("${token-authority.gateway.port:0}") int port,
                    @Value("${token-authority.gateway.address:127.0.0.1}") String address) {
        if (port < 0 || port > 65535) {
            throw new IllegalStateException("token-authority.gateway.port must be a port number (0: none of its own)");
        }
        this.port = port;
        this.address = address;
    }

    boolean isConfigured() {
        return port > 0;
    }

    int port() {
        return port;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (isConfigured()) {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(port);
            connector.setProperty("address", address);
            factory.addAdditionalTomcatConnectors(connector);
        }
    }
}

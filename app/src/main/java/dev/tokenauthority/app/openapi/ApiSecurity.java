package dev.tokenauthority.app.openapi;

import dev.tokenauthority.edge.routing.EdgeRoutes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;

/** Who may call what, in the description: the schemes the edge accepts, and which of them each path takes. */
final class ApiSecurity {

    static final String ADMIN_KEY = "adminKey";
    static final String SERVICE_ACCOUNT_KEY = "serviceAccountKey";
    static final String IDENTITY_PROVIDER_TOKEN = "identityProviderToken";
    static final String ACCESS_TOKEN = "accessToken";
    static final String GATEWAY_SESSION = "gatewaySession";
    static final String LEAK_REPORT_SIGNATURE = "leakReportSignature";

    private ApiSecurity() {
    }

    static void describe(OpenAPI api) {
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents()
                .addSecuritySchemes(ADMIN_KEY, bearer(null, """
                        A cluster administrator's key (TOKEN_AUTHORITY_ADMIN_KEY, or one of the named keys): passes \
                        every rule, and is the only credential for replay, digests and a project's first service \
                        accounts."""))
                .addSecuritySchemes(SERVICE_ACCOUNT_KEY, bearer("tka-sa", """
                        A service account's key: the role it was given in its project (viewer reads, editor \
                        changes, owner also manages the project's service accounts and sets its token policy); \
                        operator tokens may start, \
                        stop and delete the instances they cover."""))
                .addSecuritySchemes(IDENTITY_PROVIDER_TOKEN, bearer("JWT", """
                        An access token of the company's OpenID Connect identity provider \
                        (token-authority.oidc.issuer-uri), with the project roles in its roles claim."""))
                .addSecuritySchemes(ACCESS_TOKEN, bearer("tka", """
                        An access token issued by this service (the secret shown once at creation or \
                        regeneration), presented by the caller a gateway protects."""))
                .addSecuritySchemes(LEAK_REPORT_SIGNATURE, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name("Github-Public-Key-Signature")
                        .description("""
                                A secret scanner's ECDSA P-256 signature (base64 DER) of the exact body, with the key \
                                named in Github-Public-Key-Identifier, one of token-authority.leak-reports.public-keys \
                                (GitHub's secret-scanning partner program)."""))
                .addSecuritySchemes(GATEWAY_SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.COOKIE).name("token_authority_session")
                        .description("The browser session the gateway's login page opened with an access token."));
        api.getPaths().forEach((path, item) -> item.readOperations()
                .forEach(operation -> operation.setSecurity(requirementsOf(path))));
    }

    private static List<SecurityRequirement> requirementsOf(String path) {
        if (path.equals("/v1alpha/verify")) {
            return List.of(requirement(ACCESS_TOKEN));
        }
        if (path.equals("/v1alpha/gateway/auth")) {
            return List.of(requirement(ACCESS_TOKEN), requirement(GATEWAY_SESSION));
        }
        if (path.equals(EdgeRoutes.LEAK_REPORTS)) {
            return List.of(requirement(LEAK_REPORT_SIGNATURE)); // checked by the endpoint itself
        }
        if (EdgeRoutes.isGatewayPath(path) || path.startsWith("/actuator/health")) {
            return List.of(); // the login, logout and denial pages: for anyone's browser; the probes: for anyone
        }
        if (path.equals(EdgeRoutes.METRICS)) {
            return List.of(requirement(ADMIN_KEY)); // the cluster administrator's
        }
        return List.of(requirement(ADMIN_KEY), requirement(SERVICE_ACCOUNT_KEY), requirement(IDENTITY_PROVIDER_TOKEN));
    }

    private static SecurityScheme bearer(String format, String description) {
        return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat(format)
                .description(description);
    }

    private static SecurityRequirement requirement(String scheme) {
        return new SecurityRequirement().addList(scheme);
    }
}

package dev.tokenauthority.edge.verify;

import dev.tokenauthority.edge.limit.ClientAddress;
import dev.tokenauthority.edge.limit.FailedVerificationLimiter;
import dev.tokenauthority.edge.problem.Problems;
import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.readmodel.ResourceIds;
import dev.tokenauthority.query.verify.Verdict;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1alpha/verify}: the question a gateway asks for every request. The resource comes as query
 * parameters {@code projectId}, {@code regionId}, {@code instanceId}, or, for gateways that prefer headers,
 * as {@code X-Token-Authority-Project-Id}, {@code X-Token-Authority-Region-Id},
 * {@code X-Token-Authority-Instance-Id} (a query parameter wins over its header). The secret comes only as
 * {@code Authorization: Bearer} (RFC 6750 §2.1). {@code action} is {@code query} (the default: use the
 * instance) or {@code manage} (start, stop, delete it).
 *
 * <p>Answers 204 (with the token id in {@value #TOKEN_ID_HEADER} and its role in {@value #ROLE_HEADER}), 401
 * {@code invalid_token} for a secret that is missing, malformed, unknown, superseded, revoked, expired or whose
 * instance was deleted — one answer for all, the reason goes to the log — and 403 {@code insufficient_scope}
 * for a valid secret whose scope or role does not cover the instance and action (RFC 6750 §3.1), and 429 with
 * {@code Retry-After} to a client address over its limit of failed verifications ({@link FailedVerificationLimiter};
 * the address is the one an authenticated gateway vouches for, see {@link ClientAddress}).
 */
@RestController
class VerifyController {

    static final String TOKEN_ID_HEADER = VerifyHeaders.TOKEN_ID;
    static final String ROLE_HEADER = VerifyHeaders.ROLE;
    static final String REALM = VerifyHeaders.REALM;
    private static final String NO_STORE = CacheControl.noStore().getHeaderValue();

    private final BearerCheck check;

    VerifyController(BearerCheck check) {
        this.check = check;
    }

    @GetMapping("/v1alpha/verify")
    @ApiResponse(responseCode = "204", description = "allowed; X-Token-Authority-Token-Id and -Role name the token")
    @Parameter(name = "projectId", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "or the X-Token-Authority-Project-Id header")
    @Parameter(name = "regionId", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "or the X-Token-Authority-Region-Id header")
    @Parameter(name = "instanceId", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "or the X-Token-Authority-Instance-Id header")
    @Parameter(name = "action", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "query (the default) or manage")
    ResponseEntity<?> verify(HttpServletRequest request, HttpServletResponse response) {
        // RFC 6750 §2.3 allows a token in the URI; we never accept one: URIs end up in logs and histories.
        if (request.getParameter("access_token") != null) {
            return problem(HttpStatus.BAD_REQUEST, "invalid_request",
                    "a token is accepted only in the Authorization header");
        }
        String projectId = resource(request, "projectId", VerifyHeaders.PROJECT_ID);
        String regionId = resource(request, "regionId", VerifyHeaders.REGION_ID);
        String instanceId = resource(request, "instanceId", VerifyHeaders.INSTANCE_ID);
        if (!ResourceIds.isValid(projectId) || !ResourceIds.isValid(regionId) || !ResourceIds.isValid(instanceId)) {
            return problem(HttpStatus.BAD_REQUEST, "invalid_request",
                    "projectId, regionId and instanceId are required and must be well-formed ids");
        }
        String actionParameter = request.getParameter("action");
        Action action = actionParameter == null ? Action.QUERY : Action.fromValue(actionParameter);
        if (action == null) {
            return problem(HttpStatus.BAD_REQUEST, "invalid_request", "action must be query or manage");
        }
        BearerCheck.Outcome outcome = check.check("verify", BearerCredentials.of(request.getHeader(HttpHeaders.AUTHORIZATION)),
                request, projectId, regionId, instanceId, action);
        if (outcome instanceof BearerCheck.NotServing) {
            return BearerCheck.NotServing.response();
        }
        if (outcome instanceof BearerCheck.RateLimited limited) {
            return Problems.response(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfter().toSeconds()))
                    .body(Problems.body(HttpStatus.TOO_MANY_REQUESTS, "too many failed verifications from this address; "
                            + "try again after Retry-After seconds"));
        }
        Verdict verdict = ((BearerCheck.Decided) outcome).verdict();
        return switch (verdict.outcome()) {
            case ALLOWED -> {
                allowed(response, verdict);
                yield null; // answered already; Spring MVC sends a response whose handler returned no entity as it is
            }
            case INVALID_TOKEN -> problem(HttpStatus.UNAUTHORIZED,
                    verdict.reason() == Verdict.Reason.MISSING ? null : "invalid_token",
                    "the access token is missing or not valid");
            case INSUFFICIENT_SCOPE -> problem(HttpStatus.FORBIDDEN, "insufficient_scope",
                    "the access token does not grant access to this resource");
        };
    }

    /**
     * The answer to nearly every call, written straight to the servlet response: building it as a
     * {@code ResponseEntity} and having Spring copy its headers over cost a tenth of a verify's CPU.
     */
    private static void allowed(HttpServletResponse response, Verdict verdict) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader(TOKEN_ID_HEADER, verdict.tokenId());
        response.setHeader(ROLE_HEADER, verdict.role().value());
        response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    }

    private static String resource(HttpServletRequest request, String parameter, String header) {
        String value = request.getParameter(parameter);
        return value != null ? value : request.getHeader(header);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String error, String detail) {
        ProblemDetail body = Problems.body(status, detail);
        ResponseEntity.BodyBuilder response = Problems.response(status);
        if (status == HttpStatus.UNAUTHORIZED || status == HttpStatus.FORBIDDEN) {
            // RFC 6750 §3: no error attribute when the request carried no credentials at all.
            response.header(HttpHeaders.WWW_AUTHENTICATE, error == null ? REALM : REALM + ", error=\"" + error + "\"");
        }
        if (error != null) {
            body.setProperty("error", error);
        }
        return response.body(body);
    }
}

package dev.tokenauthority.command.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tokenauthority.command.token.RecordLeakReport;
import dev.tokenauthority.command.token.TokenPath;
import dev.tokenauthority.command.token.TokenRejection;
import dev.tokenauthority.events.audit.AuditMetadata;
import dev.tokenauthority.events.readmodel.FindTokenBySecretHash;
import dev.tokenauthority.events.readmodel.SecretOwner;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.secret.TokenSecrets;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /v1alpha/leak-reports}: leaked-token reports in the shape of GitHub's secret-scanning partner program.
 * The body is a JSON list of {@code {token, type, url, source}}, signed by the sender ({@code Github-Public-Key-Identifier},
 * {@code Github-Public-Key-Signature}: ECDSA P-256 over the exact body, with a key configured in
 * {@link LeakReporterKeys}); no other credential. Each of our secrets that still opens a token is found by its keyed
 * hash and, by policy ({@code token-authority.leak-reports.on-report}), the token revoked ({@code revoke}, the
 * default) or the report only recorded ({@code flag}); either way a {@code TokenLeakReported} in the audit trail.
 * The answer has, per reported token, its SHA-256 ({@code token_hash}, never the token), {@code token_type},
 * {@code label} ({@code true_positive}: a live token of ours) and what was done.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class LeakReportController {

    static final String PATH = "/v1alpha/leak-reports";
    /** GitHub's batches are small; one report is bounded by the 16 KiB body limit anyway. */
    private static final int MAX_TOKENS = 100;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** One answer line, as the partner program's feedback format has it, plus what this service did. */
    record Verdict(String token_hash, String token_type, String label,
                   @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"revoked", "flagged", "already-revoked", "none"})
                   String action) {
    }

    private final LeakReporterKeys keys;
    private final SecretHasher hasher;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelBarrier readModels;
    private final boolean revoke;

    LeakReportController(LeakReporterKeys keys, SecretHasher hasher, CommandGateway commands, QueryGateway queries,
                         ReadModelBarrier readModels,
                         @Value("${token-authority.leak-reports.on-report:revoke}") String onReport) {
        if (!onReport.equals("revoke") && !onReport.equals("flag")) {
            throw new IllegalStateException("token-authority.leak-reports.on-report must be revoke or flag");
        }
        this.keys = keys;
        this.hasher = hasher;
        this.commands = commands;
        this.queries = queries;
        this.readModels = readModels;
        this.revoke = onReport.equals("revoke");
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "per reported token: its SHA-256, type, label and what was done")
    List<Verdict> report(@RequestBody byte[] body,
                         @RequestHeader(name = "Github-Public-Key-Identifier", required = false) String keyId,
                         @RequestHeader(name = "Github-Public-Key-Signature", required = false) String signature,
                         HttpServletRequest request) {
        if (!keys.configured()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "leaked-token reports are not configured on this service");
        }
        String reporter = keys.verify(keyId, signature, body).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.UNAUTHORIZED, "the report is not signed by a configured key"));
        request.setAttribute(AuditMetadata.ACTOR_ATTRIBUTE, "leak-report:" + reporter);
        List<Verdict> verdicts = new ArrayList<>();
        String lastChanged = null;
        for (JsonNode item : items(body)) {
            String token = item.get("token").asText();
            String type = text(item, "type", 63);
            Optional<SecretOwner> owner = TokenSecrets.isWellFormed(token)
                    ? queries.query(new FindTokenBySecretHash(hasher.hash(token)), ResponseTypes.optionalInstanceOf(SecretOwner.class)).join()
                    : Optional.empty();
            if (owner.isEmpty()) {
                verdicts.add(new Verdict(sha256(token), type, "false_positive", "none")); // opens nothing now
                continue;
            }
            SecretOwner found = owner.get();
            String action = record(found, reporter, text(item, "source", 63), text(item, "url", 2048));
            lastChanged = action.equals("already-revoked") ? lastChanged : found.tokenId();
            verdicts.add(new Verdict(sha256(token), type, "true_positive", action));
        }
        if (lastChanged != null) {
            readModels.awaitReadModels(lastChanged); // revoked on every node when this answers
        }
        return verdicts;
    }

    private String record(SecretOwner owner, String reporter, String source, String url) {
        try {
            commands.sendAndWait(new RecordLeakReport(owner.tokenId(),
                    new TokenPath(owner.projectId(), owner.regionId(), owner.instanceId()), reporter, source, url, revoke));
            return revoke ? "revoked" : "flagged";
        } catch (CommandExecutionException e) {
            if (e.getDetails().filter(TokenRejection.TOKEN_REVOKED::equals).isPresent()) {
                return "already-revoked"; // revoked since the lookup
            }
            throw e;
        }
    }

    /** The report's items: a JSON list of objects, each with a string {@code token}; anything else is refused whole. */
    private static List<JsonNode> items(byte[] body) {
        JsonNode list;
        try {
            list = STRICT.readTree(body);
        } catch (IOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the report is not one JSON value");
        }
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_TOKENS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "the report must be a JSON list of 1 to " + MAX_TOKENS + " {token, type, url, source}");
        }
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isObject() || !item.path("token").isTextual() || item.get("token").asText().length() > 512) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "every item needs token as a string (at most 512 characters)");
            }
            items.add(item);
        }
        return items;
    }

    /** A descriptive field, kept only if it is plain text of a sane length (it goes into the audit trail). */
    private static String text(JsonNode item, String field, int max) {
        String value = item.path(field).isTextual() ? item.get(field).asText() : "";
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl) || TokenSecrets.isWellFormed(value)) {
            return "";
        }
        return value;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

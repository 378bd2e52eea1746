package dev.tokenauthority.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tokenauthority.events.readmodel.MatchingToken;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The answer of a bulk revocation: the tokens it took (or would take, in a dry run), each with what happened to
 * it, and the {@code selection}: a digest of the set's token ids, which the real call must repeat, so that it
 * revokes exactly what the dry run showed or nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TokenBulkRevocation")
record BulkRevocation(boolean dryRun, String selection, int count, List<Item> tokens) {

    /** One token; {@code result} ({@code revoked}, {@code already-revoked}) only in the real call. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "TokenBulkRevocationItem")
    record Item(String tokenId, String instanceId, String name, String state, java.time.Instant createdAt,
                @JsonInclude(JsonInclude.Include.ALWAYS) java.time.Instant lastUsedAt, @Schema(allowableValues = {"revoked", "already-revoked"}) String result) {

        static Item of(MatchingToken token, String result) {
            return new Item(token.tokenId(), token.instanceId(), token.name(), token.state(), token.createdAt(),
                    token.lastUsedAt(), result);
        }
    }

    /** SHA-256 over the sorted token ids, hex: equal selections, equal sets. */
    static String selectionOf(List<MatchingToken> tokens) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            tokens.stream().map(MatchingToken::tokenId).sorted()
                    .forEach(id -> sha256.update((id + "\n").getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

package dev.tokenauthority.events.token;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A secret scanner reported the token's current secret as exposed (a leaked-token report, in the shape of GitHub's
 * secret-scanning partner program). Recorded whether or not the token was revoked for it ({@code TokenRevoked}
 * follows in the same commit when the policy revokes). Never the secret, nor its hash.
 *
 * @param reporter the id of the public key the report was signed with
 * @param source   where the scanner found it, as it says ({@code content}, {@code commit}, …)
 * @param url      where it was found, as the scanner says (a public URL)
 */
@Revision("1")
public record TokenLeakReported(String tokenId, Instant reportedAt, String reporter, String source, String url) {
}

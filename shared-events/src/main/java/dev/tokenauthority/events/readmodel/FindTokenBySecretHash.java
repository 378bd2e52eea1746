package dev.tokenauthority.events.readmodel;

/**
 * The token whose current secret has this keyed hash (base64url, as in the events), if it is active: what a
 * leaked-token report needs to act on the token. Answers {@link SecretOwner}.
 */
public record FindTokenBySecretHash(String secretHash) {
}

package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.access.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The auth-lookup read model, token half: the keyed hash of every secret that currently opens something, and
 * what it opens ({@link InstanceRegistry} is the instance half). Lives in memory so that a verification never touches the database; the projection rebuilds it from
 * the event store.
 *
 * <p>Once a call that sets a token's hash has returned, its previous hash is gone: the projection has finished
 * with an event only after that, and the write API answers only after the projection has finished with it.
 * Writers are the projection's thread; readers are any number of request threads.
 */

public class AuthLookupIndex {

    private final ConcurrentMap<HashKey, AuthEntry> entriesByHash = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, HashKey> hashByToken = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenScope, TokenScope> scopes = new ConcurrentHashMap<>();

    public Optional<AuthEntry> find(byte[] secretHash) {
        return Optional.ofNullable(entriesByHash.get(HashKey.of(secretHash)));
    }

    /** Makes {@code hash} the only secret of the token, with what it opens. */
    void put(String tokenId, String hash, TokenScope scope, Role role, Instant validUntil) {
        TokenScope shared = scopes.computeIfAbsent(scope, s -> s);
        HashKey key = HashKey.ofEncoded(hash);
        entriesByHash.put(key, new AuthEntry(tokenId, shared, role, validUntil));
        HashKey previous = hashByToken.put(tokenId, key);
        if (previous != null && !previous.equals(key)) {
            entriesByHash.remove(previous);
        }
    }

    /** Replaces the token's secret, if the token still opens anything. */
    void replaceHash(String tokenId, String newHash) {
        HashKey previous = hashByToken.get(tokenId);
        if (previous == null) {
            return;
        }
        AuthEntry entry = entriesByHash.get(previous);
        if (entry != null) {
            put(tokenId, newHash, entry.scope(), entry.role(), entry.validUntil());
        }
    }

    /** The token opens nothing from now on. */
    void remove(String tokenId) {
        HashKey previous = hashByToken.remove(tokenId);
        if (previous != null) {
            entriesByHash.remove(previous);
        }
    }

    void clear() {
        entriesByHash.clear();
        hashByToken.clear();
        scopes.clear();
    }

    public int size() {
        return entriesByHash.size();
    }

    /** One line per active secret, in token order: what a digest of the model is computed over. */
    Stream<String> canonicalLines() {
        return entriesByHash.entrySet().stream()
                .map(e -> e.getValue().tokenId() + "|" + e.getKey().hex() + "|" + canonical(e.getValue().scope()) + "|"
                        + e.getValue().role().value() + "|" + e.getValue().validUntil())
                .sorted();
    }

    private static String canonical(TokenScope scope) {
        if (scope instanceof TokenScope.SelectorScope selector) {
            return "selector:" + selector.projectId() + "/" + selector.regionId() + "/" + new TreeMap<>(selector.selector());
        }
        return "instance:" + ((TokenScope.InstanceScope) scope).instance();
    }
}

package dev.tokenauthority.query.authlookup;

import static dev.tokenauthority.query.TestEvents.HASHER;
import static dev.tokenauthority.query.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.access.AllowedNetworks;
import dev.tokenauthority.events.access.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing index against a plain map of what it must hold, through growth, churn (removed slots
 * reused and rehashed away), ids that are not UUIDs, and readers racing the writer.
 */
class AuthLookupIndexTests {

    private static final TokenScope SCOPE_A = new TokenScope.InstanceScope(new InstanceKey("p-1", "eu01", "i-1"));
    private static final TokenScope SCOPE_B = new TokenScope.SelectorScope("p-1", "eu01", Map.of("group", "A"));

    private record Expected(String tokenId, String secret, TokenScope scope, Role role, Instant validUntil) {
    }

    @Test
    void agreesWithAPlainMapThroughGrowthChurnAndNonUuidIds() throws Exception {
        AuthLookupIndex index = new AuthLookupIndex();
        Map<String, Expected> byToken = new HashMap<>();
        Map<String, AllowedNetworks> restricted = new HashMap<>();
        List<AllowedNetworks> someNetworks = List.of(AllowedNetworks.ANY, AllowedNetworks.parse(List.of("10.0.0.0/8")),
                AllowedNetworks.parse(List.of("192.0.2.7", "2001:db8::/32")));
        List<String> ids = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        Random random = new Random(7);
        for (int step = 0; step < 60_000; step++) {
            int choice = random.nextInt(11);
            if (choice == 10 && !ids.isEmpty()) {
                String id = ids.get(random.nextInt(ids.size()));
                AllowedNetworks networks = someNetworks.get(random.nextInt(someNetworks.size()));
                index.allowNetworks(id, networks);
                restricted.put(id, networks);
                index.allowNetworks("never-created-" + step, networks); // a token that opens nothing stays so
            } else if (choice < 5 || ids.isEmpty()) {
                String id = random.nextInt(20) == 0 ? "legacy-" + step : UUID.randomUUID().toString();
                Expected token = new Expected(id, "s-" + step, random.nextBoolean() ? SCOPE_A : SCOPE_B,
                        random.nextBoolean() ? Role.OPERATOR : Role.READ_ONLY, T0.plusSeconds(step).plusNanos(step % 1000 * 1001));
                index.put(id, HASHER.hash(token.secret()), token.scope(), token.role(), token.validUntil());
                byToken.put(id, token);
                ids.add(id);
            } else if (choice < 8) {
                String id = ids.get(random.nextInt(ids.size()));
                Expected before = byToken.get(id);
                Expected after = new Expected(id, "r-" + step, before.scope(), before.role(), before.validUntil());
                index.replaceHash(id, HASHER.hash(after.secret()));
                byToken.put(id, after);
                gone.add(before.secret());
            } else {
                String id = ids.remove(random.nextInt(ids.size()));
                gone.add(byToken.remove(id).secret());
                restricted.remove(id);
                index.remove(id);
                index.replaceHash(id, HASHER.hash("after-removal-" + step)); // a removed token stays removed
            }
        }

        assertThat(index.size()).isEqualTo(byToken.size());
        for (Expected token : byToken.values()) {
            assertThat(index.find(HASHER.hashBytes(token.secret())))
                    .hasValue(new AuthEntry(token.tokenId(), token.scope(), token.role(), token.validUntil(),
                            restricted.getOrDefault(token.tokenId(), AllowedNetworks.ANY)));
        }
        assertThat(restricted.values()).as("the test restricted some").anyMatch(networks -> !networks.isAny());
        for (String secret : gone) {
            assertThat(index.find(HASHER.hashBytes(secret))).as(secret).isEmpty();
        }
        assertThat(index.find(HASHER.hashBytes("never issued"))).isEmpty();
    }

    @Test
    void aTokenPutAgainKeepsOnlyItsNewSecret() {
        AuthLookupIndex index = new AuthLookupIndex();
        String id = UUID.randomUUID().toString();
        index.put(id, HASHER.hash("first"), SCOPE_A, Role.OPERATOR, T0);
        index.put(id, HASHER.hash("second"), SCOPE_B, Role.READ_ONLY, T0.plusSeconds(1));
        assertThat(index.find(HASHER.hashBytes("first"))).isEmpty();
        assertThat(index.find(HASHER.hashBytes("second"))).hasValue(
                new AuthEntry(id, SCOPE_B, Role.READ_ONLY, T0.plusSeconds(1), AllowedNetworks.ANY));
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void equalStatesHaveEqualDigestsWhateverTheOrderTheyWereBuiltIn() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        AuthState forwards = AuthState.empty();
        AuthState backwards = AuthState.empty();
        for (int i = 0; i < ids.size(); i++) {
            forwards.tokens().put(ids.get(i), HASHER.hash("s" + i), SCOPE_A, Role.OPERATOR, T0);
            int j = ids.size() - 1 - i;
            backwards.tokens().put(ids.get(j), HASHER.hash("s" + j), SCOPE_A, Role.OPERATOR, T0);
        }
        assertThat(forwards.digest()).isEqualTo(backwards.digest());
        backwards.tokens().replaceHash(ids.get(0), HASHER.hash("other"));
        assertThat(forwards.digest()).isNotEqualTo(backwards.digest());
    }

    @Test
    void readersRacingTheWriterAlwaysSeeStableTokensWhole() throws InterruptedException {
        AuthLookupIndex index = new AuthLookupIndex();
        List<Expected> stable = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Expected token = new Expected(UUID.randomUUID().toString(), "stable-" + i, i % 2 == 0 ? SCOPE_A : SCOPE_B,
                    Role.READ_ONLY, T0.plusSeconds(i).plusNanos(i));
            index.put(token.tokenId(), HASHER.hash(token.secret()), token.scope(), token.role(), token.validUntil());
            stable.add(token);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong checks = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                Random random = new Random();
                while (writing.get()) {
                    Expected token = stable.get(random.nextInt(stable.size()));
                    AuthEntry expected = new AuthEntry(token.tokenId(), token.scope(), token.role(), token.validUntil(),
                            AllowedNetworks.ANY);
                    index.find(HASHER.hashBytes(token.secret())).filter(expected::equals)
                            .ifPresentOrElse(found -> checks.incrementAndGet(), () -> wrong.add(token.secret()));
                }
            });
            reader.start();
            readers.add(reader);
        }
        // Enough churn for several rehashes under the readers, then a table full of removed slots.
        List<String> churn = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            String id = UUID.randomUUID().toString();
            index.put(id, HASHER.hash("churn-" + i), SCOPE_A, Role.OPERATOR, T0);
            churn.add(id);
        }
        churn.forEach(index::remove);
        writing.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(wrong).as("stable tokens not found whole").isEmpty();
        assertThat(checks.get()).isPositive();
        assertThat(index.size()).isEqualTo(stable.size());
    }
}

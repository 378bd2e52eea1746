package dev.tokenauthority.query.authlookup;

import static dev.tokenauthority.query.TestEvents.HASHER;
import static dev.tokenauthority.query.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenauthority.events.access.ProjectRole;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.instance.InstanceType;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.serviceaccount.ServiceAccountCreated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountDeleted;
import dev.tokenauthority.events.serviceaccount.ServiceAccountKeyRotated;
import dev.tokenauthority.events.serviceaccount.ServiceAccountUpdated;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRevoked;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot.Contents;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot.InvalidSnapshot;
import dev.tokenauthority.query.authlookup.AuthLookupSnapshot.Witness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

/**
 * The snapshot of the auth lookup as bytes: for thousands of random histories, the state read back is the state
 * written (same digest, same answer for every secret ever issued) and goes on like the original under further
 * events; and every damaged or foreign snapshot is refused, none half-read into a model.
 */
class AuthLookupSnapshotTests {

    private static final SnapshotKey KEY = new SnapshotKey(HASHER);
    private static final int HISTORIES = 2_000;

    @Test
    void roundTripOfRandomHistoriesGivesTheSameModel() throws Exception {
        Random random = new Random(20261130);
        for (int history = 0; history < HISTORIES; history++) {
            RandomHistory events = new RandomHistory(random);
            AuthLookupModel original = new AuthLookupModel();
            AuthLookupProjection projection = new AuthLookupProjection(original);
            int length = random.nextInt(history % 10 == 0 ? 2_000 : 120);
            for (int i = 0; i < length; i++) {
                events.applyNext(projection);
            }
            Contents written = contents(original.live(), random, length);
            Contents read = AuthLookupSnapshot.read(new ByteArrayInputStream(bytes(written, KEY)), KEY);

            assertThat(read.state().digest()).as("history %d", history).isEqualTo(original.live().digest());
            assertThat(read.position()).isEqualTo(written.position());
            assertThat(read.witness()).isEqualTo(written.witness());
            assertThat(read.writtenAt()).isEqualTo(written.writtenAt());
            for (String secret : events.secretsEverIssued()) {
                assertThat(read.state().tokens().find(HASHER.hashBytes(secret)))
                        .as("history %d, a secret", history)
                        .isEqualTo(original.live().tokens().find(HASHER.hashBytes(secret)));
                assertThat(read.state().supersededOwner(HASHER.hashBytes(secret)))
                        .as("history %d, whose superseded secret", history)
                        .isEqualTo(original.live().supersededOwner(HASHER.hashBytes(secret)));
            }

            // The loaded model is a working one: the same further events give the same model.
            AuthLookupModel loaded = new AuthLookupModel();
            loaded.takeOver(read.state(), read.position());
            AuthLookupProjection loadedProjection = new AuthLookupProjection(loaded);
            RandomHistory more = events.continuedWith(new Random(history));
            RandomHistory sameMore = events.continuedWith(new Random(history));
            for (int i = 0; i < 60; i++) {
                more.applyNext(projection);
                sameMore.applyNext(loadedProjection);
            }
            assertThat(loaded.live().digest()).as("history %d, continued", history).isEqualTo(original.live().digest());
        }
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        byte[] whole = bytes(contents(someState(), new Random(1), 500), KEY);
        for (int length = 0; length < whole.length; length += Math.max(1, length / 50)) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> read(cut)).as("cut at %d of %d", length, whole.length)
                    .isInstanceOf(InvalidSnapshot.class);
        }
        assertThatThrownBy(() -> read(Arrays.copyOf(whole, whole.length - 1))).hasMessageContaining("truncated");
    }

    @Test
    void everyFlippedBitIsRefused() throws Exception {
        byte[] whole = bytes(contents(someState(), new Random(2), 500), KEY);
        Random random = new Random(3);
        for (int flip = 0; flip < 3_000; flip++) {
            byte[] tampered = whole.clone();
            int at = flip < whole.length && flip < 400 ? flip : random.nextInt(whole.length);
            tampered[at] ^= (byte) (1 << random.nextInt(8));
            assertThatThrownBy(() -> read(tampered)).as("bit flipped at byte %d", at).isInstanceOf(InvalidSnapshot.class);
        }
    }

    @Test
    void aSnapshotOfAnotherKeyIsRefusedByItsKeyId() throws Exception {
        byte[] otherKey = new byte[32];
        Arrays.fill(otherKey, (byte) 7);
        SnapshotKey other = new SnapshotKey(new SecretHasher(otherKey));
        byte[] foreign = bytes(contents(someState(), new Random(4), 10), other);
        assertThat(other.id()).isNotEqualTo(KEY.id()).hasSize(16);
        assertThatThrownBy(() -> read(foreign)).hasMessageContaining("built under HMAC key " + other.id());
    }

    @Test
    void dataAfterTheChecksumIsRefused() throws Exception {
        byte[] whole = bytes(contents(someState(), new Random(5), 10), KEY);
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertThatThrownBy(() -> read(longer)).hasMessageContaining("data after the checksum");
    }

    @Test
    void garbageIsRefused() {
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[random.nextInt(5_000)];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> read(garbage)).isInstanceOf(InvalidSnapshot.class);
        }
    }

    @Test
    void aDamagedCountDoesNotAllocateWhatItClaims() throws Exception {
        AuthState state = someState();
        byte[] whole = bytes(contents(state, new Random(8), 10), KEY);
        // The token count follows the shared scopes; find it by its value and make it huge.
        byte[] count = java.nio.ByteBuffer.allocate(4).putInt(state.tokens().size()).array();
        int at = indexOf(whole, count, 40);
        byte[] damaged = whole.clone();
        damaged[at] = 0x05; // about 84 million tokens
        assertThatThrownBy(() -> read(damaged)).isInstanceOf(InvalidSnapshot.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static Contents read(byte[] bytes) throws InvalidSnapshot {
        return AuthLookupSnapshot.read(new ByteArrayInputStream(bytes), KEY);
    }

    private static AuthState someState() {
        AuthLookupModel model = new AuthLookupModel();
        AuthLookupProjection projection = new AuthLookupProjection(model);
        RandomHistory events = new RandomHistory(new Random(99));
        for (int i = 0; i < 300; i++) {
            events.applyNext(projection);
        }
        return model.live();
    }

    private static Contents contents(AuthState state, Random random, long events) {
        TreeSet<Long> gaps = new TreeSet<>();
        for (int i = 0; i < random.nextInt(4) && events > 1; i++) {
            gaps.add((long) random.nextInt((int) events));
        }
        return new Contents(state, GapAwareTrackingToken.newInstance(events, gaps),
                new Witness(events, UUID.randomUUID().toString()), T0.plusMillis(random.nextInt(1_000_000)));
    }

    private static byte[] bytes(Contents contents, SnapshotKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuthLookupSnapshot.write(out, contents, key);
        return out.toByteArray();
    }

    /**
     * Random events over a small world (so that they hit the same tokens, instances and accounts again): tokens for
     * instances and for selectors, with UUID ids and others, regenerated, revoked, expired; instances registered,
     * relabelled, deleted; service accounts created, updated, rotated, deleted. Events may name what does not exist
     * (as a replay of a store can), which the model must take in its stride.
     */
    private static final class RandomHistory {
        private static final List<String> REGIONS = List.of("eu01", "us02");
        private final Random random;
        private final List<String> secrets;
        private int counter;

        RandomHistory(Random random) {
            this(random, new ArrayList<>(), 0);
        }

        private RandomHistory(Random random, List<String> secrets, int counter) {
            this.random = random;
            this.secrets = secrets;
            this.counter = counter;
        }

        /** The same world from here on, driven by {@code next}. */
        RandomHistory continuedWith(Random next) {
            return new RandomHistory(next, new ArrayList<>(secrets), counter);
        }

        List<String> secretsEverIssued() {
            return secrets;
        }

        void applyNext(AuthLookupProjection projection) {
            int kind = random.nextInt(13);
            String token = tokenId(random.nextInt(30));
            String instance = "i-" + random.nextInt(8);
            String account = "sa-" + random.nextInt(5);
            switch (kind) {
                case 0, 1 -> projection.on(new TokenCreated(token, "p-" + random.nextInt(2), region(), instance, Map.of(),
                        role(), "n", "", Map.of(), hash(), T0, T0.plusSeconds(random.nextInt(100_000)), "d"));
                case 2 -> projection.on(new TokenCreated(token, "p-" + random.nextInt(2), region(), null, labels(), role(),
                        "n", "", Map.of(), hash(), T0, T0.plusNanos(random.nextLong(1L << 40)), "d"));
                case 3, 4 -> projection.on(new TokenRegenerated(token, hash(), counter, T0));
                case 5 -> projection.on(new TokenRevoked(token, T0));
                case 6 -> projection.on(new TokenExpired(token, T0));
                case 7 -> projection.on(new InstanceRegistered(instance, "p-" + random.nextInt(2), region(),
                        InstanceType.APP, "app", labels(), T0));
                case 8 -> projection.on(new InstanceRelabelled(instance, labels()));
                case 9 -> projection.on(new InstanceDeleted(instance, T0));
                case 11 -> projection.on(new TokenAllowedNetworksSet(token, networks(), T0));
                case 10 -> projection.on(new ServiceAccountCreated(account, "p-1", "account " + account,
                        random.nextBoolean() ? null : "what it is for", projectRole(), hash(), T0,
                        random.nextBoolean() ? null : T0.plusSeconds(3600)));
                default -> {
                    switch (random.nextInt(3)) {
                        case 0 -> projection.on(new ServiceAccountUpdated(account, "p-1", "renamed", "", projectRole()));
                        case 1 -> projection.on(new ServiceAccountKeyRotated(account, "p-1", hash(), counter, T0.plusSeconds(counter)));
                        default -> projection.on(new ServiceAccountDeleted(account, "p-1", T0));
                    }
                }
            }
            counter++;
        }

        private String tokenId(int n) {
            // Mostly UUIDs, as the command side makes them; some other ids, as tests and old data have.
            return n % 5 == 0 ? "token-" + n : new UUID(0x1234L, n).toString();
        }

        private List<String> networks() {
            List<List<String>> some = List.of(List.of(), List.of("10.0.0.0/8"), List.of("192.0.2.7/32", "2001:db8::/32"),
                    List.of("::1/128"));
            return some.get(random.nextInt(some.size()));
        }

        private String region() {
            return REGIONS.get(random.nextInt(REGIONS.size()));
        }

        private Role role() {
            return random.nextBoolean() ? Role.OPERATOR : Role.READ_ONLY;
        }

        private ProjectRole projectRole() {
            return ProjectRole.values()[random.nextInt(ProjectRole.values().length)];
        }

        private Map<String, String> labels() {
            return switch (random.nextInt(3)) {
                case 0 -> Map.of();
                case 1 -> Map.of("group", "g" + random.nextInt(3));
                default -> Map.of("group", "g" + random.nextInt(3), "tier", "t" + random.nextInt(2));
            };
        }

        private String hash() {
            String secret = "secret-" + counter + "-" + random.nextLong();
            secrets.add(secret);
            return HASHER.hash(secret);
        }
    }
}

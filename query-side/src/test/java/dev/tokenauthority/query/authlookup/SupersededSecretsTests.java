package dev.tokenauthority.query.authlookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The superseded secrets' table: found by hash, and its growth keeps exactly the entries of live tokens. */
class SupersededSecretsTests {

    @Test
    void growthKeepsTheLiveOwnersEntriesAndDropsTheOthers() {
        Random random = new Random(11);
        SupersededSecrets secrets = new SupersededSecrets();
        Set<String> live = new HashSet<>();
        int entries = 20_000;
        byte[][] hashes = new byte[entries][];
        String[] owners = new String[entries];
        for (int i = 0; i < entries; i++) {
            owners[i] = i % 7 == 0 ? "token-" + i : new UUID(random.nextLong(), random.nextLong()).toString();
            if (random.nextBoolean()) {
                live.add(owners[i]);
            }
            hashes[i] = new byte[32];
            random.nextBytes(hashes[i]);
            secrets.supersede(owners[i], i, words(hashes[i]), owner -> live.contains(owner.tokenId()));
        }
        int kept = 0;
        for (int i = 0; i < entries; i++) {
            SupersededSecrets.Owner owner = secrets.ownerOf(hashes[i]);
            if (live.contains(owners[i])) {
                assertThat(owner).as("entry %d, of a live token", i).isEqualTo(new SupersededSecrets.Owner(owners[i], i));
            } else if (owner != null) {
                assertThat(owner.tokenId()).isEqualTo(owners[i]); // not dropped yet (no growth since): never another's
            }
            kept += owner == null ? 0 : 1;
        }
        assertThat(secrets.size()).isEqualTo(kept).isLessThan(entries); // growths dropped the dead ones' entries
        byte[] unknown = new byte[32];
        for (int i = 0; i < 1_000; i++) {
            random.nextBytes(unknown);
            assertThat(secrets.ownerOf(unknown)).isNull();
        }
    }

    private static long[] words(byte[] hash) {
        ByteBuffer buffer = ByteBuffer.wrap(hash);
        return new long[] {buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong()};
    }
}

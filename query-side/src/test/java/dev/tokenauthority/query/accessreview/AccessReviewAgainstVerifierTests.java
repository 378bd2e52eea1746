package dev.tokenauthority.query.accessreview;

import static dev.tokenauthority.query.TestEvents.HASHER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.access.AllowedNetworks;
import dev.tokenauthority.events.access.Labels;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.instance.InstanceType;
import dev.tokenauthority.events.token.TokenAllowedNetworksSet;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRenamed;
import dev.tokenauthority.events.token.TokenRevoked;
import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.authlookup.AuthLookupProjection;
import dev.tokenauthority.query.verify.TokenVerifier;
import dev.tokenauthority.query.verify.Verdict;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The access review against the verifier itself, moved back in time: random histories of instances (registered,
 * relabelled, deleted) and tokens (instance and selector tokens, regenerated, renamed, revoked, expired) over two
 * projects and two regions; at random moments, including the exact times of events, the brute force feeds the
 * real auth lookup projection every event that had happened by then and asks the real verifier, with its clock at
 * that moment, about every secret generation of every token on every instance for every action, from two client
 * addresses (tokens' allowed networks change at random too). The set it allows must equal, exactly, the grants of the
 * review (per instance) and the reach of each token (per token), each from the addresses its networks then allowed.
 * Seeded: a failure names the seed and the moment.
 */
class AccessReviewAgainstVerifierTests {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> PROJECTS = List.of("p-1", "p-2");
    private static final List<String> REGIONS = List.of("eu01", "gra");
    private static final List<String> KEYS = List.of("group", "tier");
    private static final List<String> VALUES = List.of("A", "B");
    private static final List<String> ADDRESSES = List.of("192.0.2.1", "10.1.2.3");
    private static final List<List<String>> NETWORKS = List.of(List.of(), List.of("10.0.0.0/8"),
            List.of("192.0.2.0/24", "2001:db8::/32"));

    /** An event as the store holds it: recorded at {@code recordedAt}, having happened at {@code happenedAt}. */
    private record Recorded(Object event, Instant recordedAt, Instant happenedAt) {
    }

    private record Inst(String id, String projectId, String regionId) {
    }

    private static final class Tok {
        String id;
        Role role;
        Instant validUntil;
        boolean gone;
        final List<byte[]> hashes = new ArrayList<>(); // generation n at index n - 1
    }

    private static final class History {
        final Random random;
        final List<Recorded> events = new ArrayList<>();
        final List<Inst> instances = new ArrayList<>();
        final Set<String> deleted = new java.util.HashSet<>();
        final List<Tok> tokens = new ArrayList<>();
        Instant now = T0;

        History(long seed) {
            this.random = new Random(seed);
        }

        void record(Object event) {
            record(event, now);
        }

        void record(Object event, Instant happenedAt) {
            events.add(new Recorded(event, now, happenedAt));
        }
    }

    @Test
    void reviewEqualsTheVerifiersDecisionsAtEveryMomentAsked() {
        long compared = 0;
        for (long seed = 1; seed <= 10; seed++) {
            compared += runWith(seed);
        }
        assertThat(compared).as("decisions compared").isGreaterThan(120_000);
    }

    private long runWith(long seed) {
        History history = randomHistory(seed, 500);
        List<Instant> moments = new ArrayList<>(List.of(T0.minusSeconds(1), history.now));
        for (int i = 0; i < 12; i++) {
            moments.add(history.events.get(history.random.nextInt(history.events.size())).happenedAt()); // on an event
            moments.add(T0.plusMillis((long) (history.random.nextDouble() * (history.now.toEpochMilli() - T0.toEpochMilli()))));
        }
        long compared = 0;
        for (Instant at : moments) {
            Set<String> verifierAllows = verifierDecisions(history, at);
            Set<String> reviewGrants = new TreeSet<>();
            Set<String> reviewReach = new TreeSet<>();
            for (String projectId : PROJECTS) {
                for (String regionId : REGIONS) {
                    AccessFold fold = new AccessFold(projectId, regionId, at);
                    history.events.forEach(recorded -> fold.apply(recorded.event(), recorded.recordedAt()));
                    for (Inst inst : history.instances) {
                        for (Grant grant : fold.grantsOn(inst.id(), null)) {
                            for (String address : allowedFrom(grant.allowedNetworks())) {
                                grant.actions().forEach(action -> reviewGrants.add(
                                        decision(grant.tokenId(), grant.generation(), inst.id(), action, address)));
                            }
                        }
                        assertThat(fold.grantsOn(inst.id(), Action.MANAGE))
                                .allSatisfy(grant -> assertThat(grant.actions()).containsExactly("manage"));
                    }
                    for (Tok tok : history.tokens) {
                        fold.token(tok.id).ifPresent(then -> fold.reachOf(then, null).forEach(reached -> reached.actions()
                                .forEach(action -> allowedFrom(then.allowedNetworks).forEach(address -> reviewReach.add(
                                        decision(tok.id, then.generation, reached.instanceId(), action, address))))));
                    }
                }
            }
            assertThat(reviewGrants).as("seed %d at %s: grants of the review vs the verifier", seed, at).isEqualTo(verifierAllows);
            assertThat(reviewReach).as("seed %d at %s: reach of each token vs the verifier", seed, at).isEqualTo(verifierAllows);
            compared += (long) history.tokens.size() * history.instances.size() * Action.values().length * ADDRESSES.size();
        }
        return compared;
    }

    /** Every (token, generation, instance, action) the verifier allows at {@code at}, after every event that had happened by then. */
    private static Set<String> verifierDecisions(History history, Instant at) {
        AuthLookupModel model = new AuthLookupModel();
        AuthLookupProjection projection = new AuthLookupProjection(model);
        for (Recorded recorded : history.events) {
            if (!recorded.happenedAt().isAfter(at)) {
                feed(projection, recorded.event());
            }
        }
        TokenVerifier verifier = new TokenVerifier(model, HASHER, Clock.fixed(at, ZoneOffset.UTC));
        Set<String> allowed = new TreeSet<>();
        for (Tok tok : history.tokens) {
            for (int generation = 1; generation <= tok.hashes.size(); generation++) {
                for (Inst inst : history.instances) {
                    for (Action action : Action.values()) {
                        for (String address : ADDRESSES) {
                            if (verifier.verifyHash(tok.hashes.get(generation - 1), address, inst.projectId(),
                                    inst.regionId(), inst.id(), action).outcome() == Verdict.Outcome.ALLOWED) {
                                allowed.add(decision(tok.id, generation, inst.id(), action.value(), address));
                            }
                        }
                    }
                }
            }
        }
        return allowed;
    }

    /** The projection's own handler for the event's type, as Axon would call it. */
    private static void feed(AuthLookupProjection projection, Object event) {
        try {
            Method handler = AuthLookupProjection.class.getMethod("on", event.getClass());
            handler.invoke(projection, event);
        } catch (NoSuchMethodException notHandled) {
            // TokenRenamed: nothing the verifier needs
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decision(String tokenId, int generation, String instanceId, String action, String address) {
        return tokenId + "#" + generation + " " + action + " " + instanceId + " from " + address;
    }

    /** Which of the client addresses asked about a token with these networks may be used from. */
    private static List<String> allowedFrom(List<String> networks) {
        return ADDRESSES.stream().filter(AllowedNetworks.of(networks)::allows).toList();
    }

    private static History randomHistory(long seed, int steps) {
        History history = new History(seed);
        Random random = history.random;
        for (int step = 0; step < steps; step++) {
            history.now = history.now.plusSeconds(random.nextInt(4)); // several events often share a second
            expireDue(history);
            int kind = history.instances.isEmpty() ? 0 : random.nextInt(11);
            switch (kind) {
                case 0, 1 -> register(history);
                case 2, 3 -> createToken(history);
                case 4 -> relabel(history);
                case 5 -> deleteInstance(history);
                case 6 -> regenerate(history);
                case 7 -> {
                    Tok tok = liveToken(history);
                    if (tok != null) {
                        history.record(new TokenRenamed(tok.id, "renamed-" + step, ""));
                    }
                }
                case 8 -> {
                    Tok tok = liveToken(history);
                    if (tok != null) {
                        history.record(new TokenAllowedNetworksSet(tok.id, pick(random, NETWORKS), history.now), history.now);
                    }
                }
                default -> revoke(history);
            }
        }
        return history;
    }

    private static void register(History history) {
        Random random = history.random;
        Inst inst = new Inst("i-" + history.instances.size(), pick(random, PROJECTS), pick(random, REGIONS));
        history.instances.add(inst);
        history.record(new InstanceRegistered(inst.id(), inst.projectId(), inst.regionId(), InstanceType.APP, inst.id(),
                labels(random, inst.id()), history.now));
    }

    private static void relabel(History history) {
        Inst inst = pick(history.random, history.instances);
        if (!history.deleted.contains(inst.id())) {
            history.record(new InstanceRelabelled(inst.id(), labels(history.random, inst.id())));
        }
    }

    private static void deleteInstance(History history) {
        Inst inst = pick(history.random, history.instances);
        if (history.random.nextInt(3) == 0 && history.deleted.add(inst.id())) {
            history.record(new InstanceDeleted(inst.id(), history.now));
        }
    }

    private static void createToken(History history) {
        Random random = history.random;
        Tok tok = new Tok();
        tok.id = "t-" + history.tokens.size();
        tok.role = random.nextBoolean() ? Role.READ_ONLY : Role.OPERATOR;
        tok.validUntil = history.now.plusSeconds(1 + random.nextInt(600));
        tok.hashes.add(randomHash(random));
        history.tokens.add(tok);
        TokenCreated created;
        if (random.nextInt(3) == 0) {
            Inst inst = pick(random, history.instances);
            created = new TokenCreated(tok.id, inst.projectId(), inst.regionId(), inst.id(), Map.of(), tok.role, tok.id, "",
                    Map.of(), encode(tok.hashes.get(0)), history.now, tok.validUntil, "d-" + tok.id);
        } else {
            Map<String, String> selector = new HashMap<>();
            selector.put(pick(random, KEYS), pick(random, VALUES));
            if (random.nextInt(4) == 0) {
                selector.put(pick(random, KEYS), pick(random, VALUES));
            }
            created = new TokenCreated(tok.id, pick(random, PROJECTS), pick(random, REGIONS), null, selector, tok.role,
                    tok.id, "", Map.of(), encode(tok.hashes.get(0)), history.now, tok.validUntil, "d-" + tok.id);
        }
        history.record(created);
    }

    private static void regenerate(History history) {
        Tok tok = liveToken(history);
        if (tok != null) {
            tok.hashes.add(randomHash(history.random));
            history.record(new TokenRegenerated(tok.id, encode(tok.hashes.get(tok.hashes.size() - 1)), tok.hashes.size(),
                    history.now));
        }
    }

    private static void revoke(History history) {
        Tok tok = liveToken(history);
        if (tok != null && history.random.nextInt(2) == 0) {
            tok.gone = true;
            history.record(new TokenRevoked(tok.id, history.now));
        }
    }

    /** The expiry deadline fires some time after validUntil; the event says validUntil. */
    private static void expireDue(History history) {
        for (Tok tok : history.tokens) {
            if (!tok.gone && !history.now.isBefore(tok.validUntil.plusSeconds(5))) {
                tok.gone = true;
                history.record(new TokenExpired(tok.id, tok.validUntil), tok.validUntil);
            }
        }
    }

    private static Tok liveToken(History history) {
        if (history.tokens.isEmpty()) {
            return null;
        }
        Tok tok = pick(history.random, history.tokens);
        return tok.gone ? null : tok;
    }

    private static Map<String, String> labels(Random random, String instanceId) {
        Map<String, String> labels = new HashMap<>();
        for (String key : KEYS) {
            if (random.nextInt(3) > 0) {
                labels.put(key, pick(random, VALUES));
            }
        }
        labels.put(Labels.ID, instanceId);
        labels.put(Labels.TYPE, "app");
        return labels;
    }

    private static byte[] randomHash(Random random) {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        return hash;
    }

    private static String encode(byte[] hash) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}

package dev.tokenauthority.query.authlookup;

import static dev.tokenauthority.query.TestEvents.HASHER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.access.Labels;
import dev.tokenauthority.events.access.Role;
import dev.tokenauthority.events.instance.InstanceDeleted;
import dev.tokenauthority.events.instance.InstanceRegistered;
import dev.tokenauthority.events.instance.InstanceRelabelled;
import dev.tokenauthority.events.instance.InstanceType;
import dev.tokenauthority.events.secret.TokenSecrets;
import dev.tokenauthority.events.token.TokenCreated;
import dev.tokenauthority.events.token.TokenExpired;
import dev.tokenauthority.events.token.TokenRegenerated;
import dev.tokenauthority.events.token.TokenRevoked;
import dev.tokenauthority.query.verify.TokenVerifier;
import dev.tokenauthority.query.verify.Verdict;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-memory decision against a plain brute-force evaluation: thousands of random instances, labels, tokens
 * and changes, fed to the projection as events, and after every change random questions, whose answers the
 * brute force works out by scanning everything. Seeded: a failure names the seed that reproduces it.
 */
class VerifierAgainstBruteForceTests {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<String> PROJECTS = List.of("p-1", "p-2");
    private static final List<String> REGIONS = List.of("eu01", "gra");
    private static final List<String> KEYS = List.of("group", "tier", "team");
    private static final List<String> VALUES = List.of("A", "B", "C");

    /** The brute force's whole world: plain lists, scanned on every question. */
    static final class Model {
        final List<Inst> instances = new ArrayList<>();
        final List<Tok> tokens = new ArrayList<>();
    }

    static final class Inst {
        String id;
        String projectId;
        String regionId;
        Map<String, String> labels;
        boolean deleted;
    }

    static final class Tok {
        String id;
        String projectId;
        String regionId;
        String instanceId;
        Map<String, String> selector;
        Role role;
        Instant validUntil;
        String currentSecret;
        final List<String> allSecrets = new ArrayList<>();
        boolean gone;
    }

    @Test
    void inMemoryDecisionEqualsBruteForce() throws Exception {
        long questions = 0;
        for (long seed = 1; seed <= 12; seed++) {
            questions += runWith(seed);
        }
        assertThat(questions).isGreaterThan(50_000);
    }

    private long runWith(long seed) throws NoSuchAlgorithmException {
        Random random = new Random(seed);
        SecureRandom secrets = SecureRandom.getInstance("SHA1PRNG");
        secrets.setSeed(seed);
        AuthLookupModel authModel = new AuthLookupModel();
        AuthLookupProjection projection = new AuthLookupProjection(authModel);
        TokenVerifier verifier = new TokenVerifier(authModel, HASHER, Clock.fixed(NOW, ZoneOffset.UTC));
        Model model = new Model();
        long asked = 0;
        for (int i = 0; i < 300; i++) {
            registerInstance(random, model, projection);
        }
        for (int i = 0; i < 300; i++) {
            createToken(random, secrets, model, projection);
        }
        for (int step = 0; step < 600; step++) {
            change(random, secrets, model, projection);
            for (int q = 0; q < 10; q++) {
                asked++;
                ask(random, model, verifier, seed, step);
            }
        }
        return asked;
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static Map<String, String> randomLabels(Random random, int max) {
        Map<String, String> labels = new HashMap<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            labels.put(pick(random, KEYS), pick(random, VALUES));
        }
        return labels;
    }

    private static void registerInstance(Random random, Model model, AuthLookupProjection projection) {
        Inst inst = new Inst();
        inst.id = "i-" + model.instances.size();
        inst.projectId = pick(random, PROJECTS);
        inst.regionId = pick(random, REGIONS);
        inst.labels = withReserved(inst.id, randomLabels(random, 3));
        model.instances.add(inst);
        projection.on(new InstanceRegistered(inst.id, inst.projectId, inst.regionId, InstanceType.APP, "", inst.labels, NOW));
    }

    private static Map<String, String> withReserved(String id, Map<String, String> own) {
        Map<String, String> all = new HashMap<>(own);
        all.put(Labels.ID, id);
        all.put(Labels.TYPE, "app");
        return all;
    }

    private static void createToken(Random random, SecureRandom secrets, Model model, AuthLookupProjection projection) {
        Tok tok = new Tok();
        tok.id = "t-" + model.tokens.size();
        tok.role = random.nextBoolean() ? Role.READ_ONLY : Role.OPERATOR;
        tok.validUntil = NOW.plus(Duration.ofHours(random.nextInt(100) - 10)); // about one in ten already past
        if (random.nextInt(3) == 0) {
            Inst inst = pick(random, model.instances);
            tok.projectId = inst.projectId;
            tok.regionId = inst.regionId;
            tok.instanceId = inst.id;
            tok.selector = Map.of();
        } else {
            tok.projectId = pick(random, PROJECTS);
            tok.regionId = pick(random, REGIONS);
            tok.selector = random.nextInt(8) == 0 ? Map.of(Labels.ID, pick(random, model.instances).id)
                    : randomLabels(random, 2);
            if (tok.selector.isEmpty()) {
                tok.selector = Map.of(pick(random, KEYS), pick(random, VALUES));
            }
        }
        tok.currentSecret = TokenSecrets.generate(secrets);
        tok.allSecrets.add(tok.currentSecret);
        model.tokens.add(tok);
        projection.on(new TokenCreated(tok.id, tok.projectId, tok.regionId, tok.instanceId, tok.selector, tok.role,
                "n", "", Map.of(), HASHER.hash(tok.currentSecret), NOW.minusSeconds(3600), tok.validUntil, "d"));
    }

    private static void change(Random random, SecureRandom secrets, Model model, AuthLookupProjection projection) {
        switch (random.nextInt(7)) {
            case 0 -> registerInstance(random, model, projection);
            case 1 -> createToken(random, secrets, model, projection);
            case 2 -> {
                Inst inst = pick(random, model.instances);
                if (!inst.deleted) {
                    inst.labels = withReserved(inst.id, randomLabels(random, 3));
                    projection.on(new InstanceRelabelled(inst.id, inst.labels));
                }
            }
            case 3 -> {
                Inst inst = pick(random, model.instances);
                if (!inst.deleted && random.nextInt(3) == 0) {
                    inst.deleted = true;
                    projection.on(new InstanceDeleted(inst.id, NOW));
                }
            }
            case 4 -> {
                Tok tok = pick(random, model.tokens);
                if (!tok.gone) {
                    tok.currentSecret = TokenSecrets.generate(secrets);
                    tok.allSecrets.add(tok.currentSecret);
                    projection.on(new TokenRegenerated(tok.id, HASHER.hash(tok.currentSecret), tok.allSecrets.size(), NOW));
                }
            }
            case 5 -> {
                Tok tok = pick(random, model.tokens);
                tok.gone = true;
                projection.on(new TokenRevoked(tok.id, NOW));
            }
            default -> {
                Tok tok = pick(random, model.tokens);
                tok.gone = true;
                projection.on(new TokenExpired(tok.id, tok.validUntil));
            }
        }
    }

    private static void ask(Random random, Model model, TokenVerifier verifier, long seed, int step) {
        Tok tok = pick(random, model.tokens);
        String secret = pick(random, tok.allSecrets);
        String projectId;
        String regionId;
        String instanceId;
        if (random.nextInt(4) == 0) { // any name, existing or not, under any project and region
            projectId = pick(random, PROJECTS);
            regionId = pick(random, REGIONS);
            instanceId = random.nextInt(5) == 0 ? "i-nope" : pick(random, model.instances).id;
        } else {
            Inst inst = pick(random, model.instances);
            projectId = inst.projectId;
            regionId = inst.regionId;
            instanceId = inst.id;
        }
        Action action = random.nextBoolean() ? Action.QUERY : Action.MANAGE;
        Verdict.Outcome expected = bruteForce(model, secret, projectId, regionId, instanceId, action);
        Verdict verdict = verifier.verify(secret, "192.0.2.1", projectId, regionId, instanceId, action);
        assertThat(verdict.outcome()).as("seed %d step %d: token %s asking %s/%s/%s %s", seed, step, tok.id, projectId,
                regionId, instanceId, action).isEqualTo(expected);
        // A superseded secret of a live token is told apart (for the signal), and nothing else is
        String supersededFor = !tok.gone && !tok.currentSecret.equals(secret) ? tok.id : null;
        assertThat(verdict.reason() == Verdict.Reason.SUPERSEDED ? verdict.tokenId() : null)
                .as("seed %d step %d: superseded secret of %s", seed, step, tok.id).isEqualTo(supersededFor);
    }

    /** Scans every token and every instance: obviously right, and slow. */
    private static Verdict.Outcome bruteForce(Model model, String secret, String projectId, String regionId,
                                              String instanceId, Action action) {
        Tok owner = null;
        for (Tok tok : model.tokens) {
            if (!tok.gone && tok.currentSecret.equals(secret)) {
                owner = tok;
            }
        }
        if (owner == null || !NOW.isBefore(owner.validUntil)) {
            return Verdict.Outcome.INVALID_TOKEN;
        }
        Inst requested = null;
        Inst own = null;
        for (Inst inst : model.instances) {
            if (!inst.deleted && inst.id.equals(instanceId) && inst.projectId.equals(projectId)
                    && inst.regionId.equals(regionId)) {
                requested = inst;
            }
            if (!inst.deleted && owner.instanceId != null && inst.id.equals(owner.instanceId)) {
                own = inst;
            }
        }
        if (owner.instanceId != null && own == null) {
            return Verdict.Outcome.INVALID_TOKEN;
        }
        boolean covered;
        if (owner.instanceId != null) {
            covered = requested != null && requested == own;
        } else {
            covered = requested != null && owner.projectId.equals(projectId) && owner.regionId.equals(regionId);
            for (Map.Entry<String, String> pair : owner.selector.entrySet()) {
                covered = covered && pair.getValue().equals(requested.labels.get(pair.getKey()));
            }
        }
        if (!covered) {
            return Verdict.Outcome.INSUFFICIENT_SCOPE;
        }
        return action == Action.MANAGE && owner.role != Role.OPERATOR ? Verdict.Outcome.INSUFFICIENT_SCOPE
                : Verdict.Outcome.ALLOWED;
    }
}

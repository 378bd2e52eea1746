package dev.tokenauthority.app.crash;

import static dev.tokenauthority.app.crash.Ledger.PROJECT;
import static dev.tokenauthority.app.crash.Ledger.REGION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenauthority.app.crash.Ledger.Pending;
import dev.tokenauthority.app.crash.Ledger.PendingCreate;
import dev.tokenauthority.app.crash.Ledger.TrackedInstance;
import dev.tokenauthority.app.crash.Ledger.TrackedToken;
import dev.tokenauthority.app.process.Api;
import dev.tokenauthority.app.process.ServiceProcess;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds a freshly restarted service to everything its ledger says was acknowledged: instances there or gone,
 * tokens listed and opening with their current secret, every superseded or deleted secret refused, the audit
 * trail with one event per acknowledged change and one expiry per short-lived token, and read models that a
 * replay of the event store reproduces exactly (digests).
 */
final class LedgerCheck {

    /** How long a due expiry may take to fire after the start (db-scheduler polls every second). */
    private static final Duration EXPIRY_GRACE = Duration.ofSeconds(20);
    private static final Duration REPLAY_LIMIT = Duration.ofSeconds(120);

    private final Api api;
    private final Ledger ledger;
    private final Instant readyAt;
    int secretsChecked;

    LedgerCheck(Api api, Ledger ledger, Instant readyAt) {
        this.api = api;
        this.ledger = ledger;
        this.readyAt = readyAt;
    }

    void run() throws IOException {
        awaitReadModels();
        resolvePending();
        checkInstances();
        checkTokens();
        checkLists();
        checkAuditTrail();
        awaitOwnWritesSettled();
        checkReplayReproducesTheReadModels();
    }

    /**
     * The service's own writes after the check's verifications (a leak signal for each superseded secret it presented,
     * expiry warnings of short-lived tokens) are recorded a moment later: the read models' digests must stay the same
     * for a second (within 30 s) before the replay compares them.
     */
    private void awaitOwnWritesSettled() throws IOException {
        String before = api.admin("GET", "/v1alpha/replay/digests", null).body();
        for (int attempt = 0; attempt < 30; attempt++) {
            ServiceProcess.sleep(Duration.ofSeconds(1));
            String now = api.admin("GET", "/v1alpha/replay/digests", null).body();
            if (now.equals(before)) {
                return;
            }
            before = now;
        }
        ledger.violation("the read models kept changing for 30 s after the check's last write");
    }

    /**
     * A restarted service answers reads while its catalogue and audit trail still catch up with the event store.
     * A write answers only once every read model has processed its event, and they process events in order: once
     * this registration is answered, everything committed before the restart is readable.
     */
    private void awaitReadModels() throws IOException {
        // A restart on an overloaded host may take longer than the write's confirmation bound to catch up: the write
        // then answers 503 CHANGE_NOT_CONFIRMED ("recorded, in effect soon, safe to repeat"), as documented. It is
        // recorded, so the ledger holds it; the barrier is asked again, a bounded number of times.
        for (int attempt = 1; attempt <= 6; attempt++) {
            String id = "sync-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            Api.Answer answer = api.admin("POST", Ledger.instances(),
                    "{\"type\":\"app\",\"id\":\"" + id + "\",\"labels\":{\"group\":\"sync\"}}");
            if (answer.status() == 201 || answer.status() == 503 && answer.body().contains("CHANGE_NOT_CONFIRMED")) {
                ledger.add(new TrackedInstance(id, false));
            }
            if (answer.status() == 201) {
                return;
            }
            if (answer.status() != 503 || !answer.body().contains("CHANGE_NOT_CONFIRMED")) {
                throw new AssertionError("register instance answered " + answer.status() + ": " + answer.body());
            }
            System.out.println("read models still catching up after the restart (attempt " + attempt + "): " + answer.body());
        }
        throw new AssertionError("the read models did not catch up within 6 confirmation bounds after the restart");
    }

    /** Finds out which way each call without an answer went; from here on the ledger holds the service to that. */
    private void resolvePending() throws IOException {
        for (TrackedInstance instance : ledger.instances.values()) {
            if (instance.deletePending) {
                instance.deleted = status("GET", instance.path()) == 404;
                instance.deletePending = false;
            }
        }
        for (PendingCreate create : ledger.pendingCreates) {
            if (ledger.instanceGone(create.instanceId())) {
                continue;
            }
            for (JsonNode token : api.list(create.collection(), "tokens")) {
                if (token.get("name").asText().equals(create.name())) {
                    // Created, but its secret was never seen: tracked from now on, opened by no known secret.
                    ledger.add(new TrackedToken(token.get("id").asText(), create.instanceId(), create.collection(), null,
                            create.name(), Instant.parse(token.get("validUntil").asText()), create.shortLived()));
                }
            }
        }
        ledger.pendingCreates.clear();
        for (TrackedToken token : ledger.tokens.values()) {
            switch (token.pending) {
                case REGENERATE -> {
                    if (token.secret == null || dead(token)
                            || api.verify(token.secret, PROJECT, REGION, ledger.verifiedAt(token)) != 204) {
                        // It happened (or cannot be told any more): the old secret must stay refused for ever.
                        if (token.secret != null) {
                            token.superseded.add(token.secret);
                        }
                        token.secret = null;
                        token.regenerationsExact = false;
                    }
                }
                case DELETE -> token.deleted = status("GET", token.path()) == 404;
                case RENAME -> {
                    Api.Answer answer = api.admin("GET", token.path(), null);
                    if (answer.status() == 200) {
                        String name = answer.json().get("name").asText();
                        if (!name.equals(token.name) && !name.equals(token.pendingName)) {
                            ledger.violation("token " + token.id + " is named " + name + ", neither " + token.name
                                    + " nor the rename in flight " + token.pendingName);
                        }
                        token.name = name;
                    }
                }
                case NONE -> { }
            }
            token.pending = Pending.NONE;
            token.pendingName = null;
        }
    }

    private void checkInstances() throws IOException {
        for (TrackedInstance instance : ledger.instances.values()) {
            int status = status("GET", instance.path());
            int expected = instance.deleted ? 404 : 200;
            if (status != expected) {
                ledger.violation("instance " + instance.id + " answered " + status + ", expected " + expected);
            }
        }
    }

    private void checkTokens() throws IOException {
        Instant now = Instant.now();
        for (TrackedToken token : ledger.tokens.values()) {
            for (String old : token.superseded) {
                expectVerify(token, old, 401, "a superseded secret");
            }
            if (dead(token)) {
                if (token.secret != null) {
                    expectVerify(token, token.secret, 401, token.deleted ? "the secret of a deleted token"
                            : "the secret of a token whose instance was deleted");
                }
                if (token.deleted && !ledger.instanceGone(token.instanceId)) {
                    expectStatus("GET", token.path(), 404, "deleted token " + token.id);
                }
                continue;
            }
            Api.Answer answer = api.admin("GET", token.path(), null);
            if (answer.status() != 200) {
                ledger.violation("token " + token.id + " answered " + answer.status() + " to GET, expected 200");
                continue;
            }
            if (!answer.json().get("name").asText().equals(token.name)) {
                ledger.violation("token " + token.id + " is named " + answer.json().get("name").asText()
                        + ", the last acknowledged rename said " + token.name);
            }
            if (token.secret != null) {
                if (token.validUntil.isBefore(now)) {
                    expectVerify(token, token.secret, 401, "the secret of an expired token");
                } else if (token.validUntil.isAfter(now.plusSeconds(2))) {
                    expectVerify(token, token.secret, 204, "the current secret");
                }
            }
        }
    }

    /** Every live token is listed under its collection; no deleted one is. */
    private void checkLists() throws IOException {
        Map<String, Set<String>> listed = new HashMap<>();
        for (TrackedToken token : ledger.tokens.values()) {
            if (ledger.instanceGone(token.instanceId)) {
                continue;
            }
            Set<String> ids = listed.get(token.collection);
            if (ids == null) {
                ids = new HashSet<>();
                for (JsonNode entry : api.list(token.collection, "tokens")) {
                    ids.add(entry.get("id").asText());
                }
                listed.put(token.collection, ids);
            }
            if (ids.contains(token.id) == token.deleted) {
                ledger.violation("token " + token.id + (token.deleted ? " is deleted but listed" : " is not listed"));
            }
        }
    }

    /**
     * The audit trail (the event store as the audit projection has it): each token created once, each acknowledged
     * regeneration and deletion recorded, and each short-lived token expired exactly once, also when it fell due
     * while the service was down.
     */
    private void checkAuditTrail() throws IOException {
        Instant dueBefore = readyAt.minusSeconds(1);
        long deadline = System.nanoTime() + EXPIRY_GRACE.toNanos();
        Map<String, Map<String, Integer>> counts = auditCounts();
        while (!allDueExpired(counts, dueBefore) && System.nanoTime() < deadline) {
            ServiceProcess.sleep(Duration.ofMillis(500));
            counts = auditCounts();
        }
        for (TrackedToken token : ledger.tokens.values()) {
            Map<String, Integer> events = counts.getOrDefault(token.id, Map.of());
            expectCount(token, events, "TokenCreated", 1);
            if (token.regenerationsExact) {
                expectCount(token, events, "TokenRegenerated", token.regenerations);
            } else if (events.getOrDefault("TokenRegenerated", 0) < token.regenerations) {
                ledger.violation("token " + token.id + ": fewer TokenRegenerated events than acknowledged regenerations");
            }
            if (!ledger.instanceGone(token.instanceId)) {
                expectCount(token, events, "TokenRevoked", token.deleted ? 1 : 0);
            }
            if (token.shortLived && !token.deleted) {
                if (token.validUntil.isBefore(dueBefore)) {
                    expectCount(token, events, "TokenExpired", 1);
                } else if (token.validUntil.isAfter(Instant.now().plusSeconds(2))) {
                    expectCount(token, events, "TokenExpired", 0);
                }
            }
        }
    }

    private boolean allDueExpired(Map<String, Map<String, Integer>> counts, Instant dueBefore) {
        return ledger.tokens.values().stream()
                .filter(t -> t.shortLived && !t.deleted && t.validUntil.isBefore(dueBefore))
                .allMatch(t -> counts.getOrDefault(t.id, Map.of()).getOrDefault("TokenExpired", 0) >= 1);
    }

    private Map<String, Map<String, Integer>> auditCounts() throws IOException {
        Api.Answer export = api.admin("GET", "/v1alpha/projects/" + PROJECT + "/audit/export", null);
        if (export.status() != 200) {
            throw new AssertionError("audit export answered " + export.status() + ": " + export.body());
        }
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (String line : export.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = Api.JSON.readTree(line);
            JsonNode tokenId = entry.get("tokenId");
            if (tokenId != null && !tokenId.isNull()) {
                counts.computeIfAbsent(tokenId.asText(), id -> new HashMap<>())
                        .merge(entry.get("eventType").asText(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Rebuilds the auth lookup and the catalogue from the first event (the service's own replay) and requires
     * the rebuilt models' digests to equal those of the models the restart resumed.
     */
    private void checkReplayReproducesTheReadModels() throws IOException {
        Map<String, JsonNode> listedBefore = catalogueAsListed();
        long deadline = System.nanoTime() + REPLAY_LIMIT.toNanos();
        Api.Answer started = api.admin("POST", "/v1alpha/replay", null);
        while (started.status() == 409 && System.nanoTime() < deadline) { // still catching up after the start
            ServiceProcess.sleep(Duration.ofMillis(200));
            started = api.admin("POST", "/v1alpha/replay", null);
        }
        if (started.status() != 202) {
            throw new AssertionError("replay answered " + started.status() + ": " + started.body());
        }
        JsonNode status = api.admin("GET", "/v1alpha/replay", null).json();
        while (!"done".equals(status.get("state").asText()) && System.nanoTime() < deadline) {
            ServiceProcess.sleep(Duration.ofMillis(200));
            status = api.admin("GET", "/v1alpha/replay", null).json();
        }
        if (!"done".equals(status.get("state").asText())) {
            throw new AssertionError("replay not done within " + REPLAY_LIMIT + ": " + status);
        }
        status.get("digests").properties().forEach(model -> {
            // Absent means the digests differ while events arrived during the replay: nothing writes during this
            // check but expiries (none due here) and gap markers (which change no model), so that is a fault too.
            if (!model.getValue().path("identical").asBoolean(false)) {
                ledger.violation("read model " + model.getKey() + " differs from a replay of the event store: " + model.getValue());
            }
        });
        Map<String, JsonNode> listedAfter = catalogueAsListed();
        for (String key : new TreeSet<>(listedBefore.keySet())) {
            if (!listedBefore.get(key).equals(listedAfter.get(key))) {
                ledger.violation("catalogue before the replay: " + listedBefore.get(key) + "; rebuilt: " + listedAfter.get(key));
            }
        }
        listedAfter.keySet().stream().filter(key -> !listedBefore.containsKey(key))
                .forEach(key -> ledger.violation("catalogue rebuilt with " + listedAfter.get(key) + ", not there before"));
    }

    /**
     * Every instance and token as the list calls show them, by id: the catalogue as a client sees it (but for a
     * token's state, which the clock turns from active to inactive meanwhile, and its last use). Compared as JSON trees: the order
     * of a label map's keys is not part of it.
     */
    private Map<String, JsonNode> catalogueAsListed() throws IOException {
        Map<String, JsonNode> listed = new HashMap<>();
        List<String> collections = new ArrayList<>(List.of(Ledger.selectorTokens()));
        for (JsonNode instance : api.list(Ledger.instances(), "instances")) {
            listed.put(instance.get("id").asText(), instance);
            collections.add(Ledger.instances() + "/" + instance.get("id").asText() + "/tokens");
        }
        for (String collection : collections) {
            for (JsonNode token : api.list(collection, "tokens")) {
                // last use is telemetry, not history: not in the event store, so a replay neither makes nor
                // keeps it, and this check's own verifications move it between the two listings
                ((ObjectNode) token).remove(List.of("state", "lastUsedAt", "lastUsedFrom"));
                listed.put(token.get("id").asText(), token);
            }
        }
        return listed;
    }

    private boolean dead(TrackedToken token) {
        return token.deleted || ledger.instanceGone(token.instanceId);
    }

    private void expectVerify(TrackedToken token, String secret, int expected, String what) throws IOException {
        secretsChecked++;
        int status = api.verify(secret, PROJECT, REGION, ledger.verifiedAt(token));
        if (status != expected) {
            ledger.violation("token " + token.id + ": " + what + " got " + status + ", expected " + expected);
        }
    }

    private void expectStatus(String method, String path, int expected, String what) throws IOException {
        int status = status(method, path);
        if (status != expected) {
            ledger.violation(what + " answered " + status + " to " + method + ", expected " + expected);
        }
    }

    private void expectCount(TrackedToken token, Map<String, Integer> events, String type, int expected) {
        int actual = events.getOrDefault(type, 0);
        if (actual != expected) {
            ledger.violation("token " + token.id + ": " + actual + " " + type + " in the audit trail, expected " + expected);
        }
    }

    private int status(String method, String path) throws IOException {
        return api.admin(method, path, null).status();
    }

    static List<String> summary(Ledger ledger) {
        long live = ledger.tokens.values().stream().filter(t -> !t.deleted && !ledger.instanceGone(t.instanceId)).count();
        return List.of(ledger.tokens.size() + " tokens (" + live + " live)", ledger.instances.size() + " instances");
    }
}

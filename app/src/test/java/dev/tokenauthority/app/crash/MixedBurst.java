package dev.tokenauthority.app.crash;

import static dev.tokenauthority.app.crash.Ledger.PROJECT;
import static dev.tokenauthority.app.crash.Ledger.REGION;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.app.crash.Ledger.Pending;
import dev.tokenauthority.app.crash.Ledger.PendingCreate;
import dev.tokenauthority.app.crash.Ledger.TrackedInstance;
import dev.tokenauthority.app.crash.Ledger.TrackedToken;
import dev.tokenauthority.app.process.Api;
import java.io.IOException;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several clients writing at once (create instance and selector tokens, short-lived tokens, regenerate, rename,
 * delete tokens, register and delete instances) until the process under them is killed. Every answer is written
 * into the ledger; a call that got no answer leaves its target pending.
 */
final class MixedBurst {

    /** How many acknowledged writes, and how many calls the kill left without an answer. */
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();

    private final Api api;
    private final Ledger ledger;
    private final String run;
    private final AtomicBoolean killed;

    MixedBurst(Api api, Ledger ledger, String run, AtomicBoolean killed) {
        this.api = api;
        this.ledger = ledger;
        this.run = run;
        this.killed = killed;
    }

    /** One client: writes until the kill, at most {@code maxCalls} calls. */
    void client(int clientNo, long seed, int maxCalls) {
        Random random = new Random(seed);
        for (int call = 0; call < maxCalls && !killed.get(); call++) {
            String name = "t-" + run + "-" + clientNo + "-" + call;
            int roll = random.nextInt(100);
            if (roll < 24) {
                createInstanceToken(ledger.anyLiveInstance(random), name, null);
            } else if (roll < 32) {
                createSelectorToken(name);
            } else if (roll < 36) {
                createInstanceToken(ledger.anchor, name, (2 + random.nextInt(5)) + "s");
            } else if (roll < 61) {
                ledger.claimToken(random).ifPresent(this::regenerate);
            } else if (roll < 71) {
                ledger.claimToken(random).ifPresent(token -> rename(token, name));
            } else if (roll < 83) {
                ledger.claimToken(random).ifPresent(this::delete);
            } else if (roll < 92) {
                registerInstance();
            } else {
                ledger.claimDeletableInstance(random).ifPresent(this::deleteInstance);
            }
        }
    }

    private void createInstanceToken(TrackedInstance instance, String name, String ttl) {
        String collection = instance.path() + "/tokens";
        String body = "{\"name\":\"" + name + "\"" + (ttl == null ? "" : ",\"ttlDuration\":\"" + ttl + "\"") + "}";
        create(collection, instance.id, name, body, ttl != null);
    }

    private void createSelectorToken(String name) {
        create(Ledger.selectorTokens(), null, name,
                "{\"name\":\"" + name + "\",\"selector\":{\"group\":\"" + Ledger.ANCHOR_LABEL + "\"},\"role\":\"read-only\"}",
                false);
    }

    private void create(String collection, String instanceId, String name, String body, boolean shortLived) {
        Api.Answer answer;
        try {
            answer = api.admin("POST", collection, body);
        } catch (IOException lost) {
            unanswered.incrementAndGet();
            ledger.addPendingCreate(new PendingCreate(collection, instanceId, name, shortLived));
            return;
        }
        if (answer.status() == 201) {
            JsonNode token = answer.json().get("token");
            ledger.add(new TrackedToken(token.get("id").asText(), instanceId, collection, token.get("content").asText(),
                    name, Instant.parse(token.get("validUntil").asText()), shortLived));
            acknowledged.incrementAndGet();
        } else if (answer.status() == 404 && instanceId != null) {
            ledger.notFoundOn(instanceId, "create " + name + " answered 404: " + answer.body());
        } else {
            ledger.violation("create " + name + " answered " + answer.status() + ": " + answer.body());
        }
    }

    private void regenerate(TrackedToken token) {
        Api.Answer answer;
        try {
            answer = api.admin("POST", token.path() + "/regenerate", null);
        } catch (IOException lost) {
            synchronized (ledger) {
                token.pending = Pending.REGENERATE;
            }
            unanswered.incrementAndGet();
            ledger.release(token);
            return;
        }
        try {
            recordRegeneration(token, answer);
        } finally {
            ledger.release(token);
        }
    }

    private void recordRegeneration(TrackedToken token, Api.Answer answer) {
        if (answer.status() == 200) {
            String old;
            synchronized (ledger) {
                old = token.secret;
                if (old != null) {
                    token.superseded.add(old);
                }
                token.secret = answer.json().get("token").get("content").asText();
                token.regenerations++;
            }
            acknowledged.incrementAndGet();
            if (old != null) {
                refusedAtOnce(token, old);
            }
        } else if (answer.status() == 404 && token.instanceId != null) {
            ledger.notFoundOn(token.instanceId, "regenerate " + token.id + " answered 404: " + answer.body());
        } else {
            ledger.violation("regenerate " + token.id + " answered " + answer.status() + ": " + answer.body());
        }
    }

    /** The promise of a regenerate's answer: the old secret is refused from the moment it returned. */
    private void refusedAtOnce(TrackedToken token, String old) {
        try {
            int status = api.verify(old, PROJECT, REGION, ledger.verifiedAt(token));
            if (status != 401) {
                ledger.violation("token " + token.id + ": the superseded secret got " + status + " right after regenerate returned");
            }
        } catch (IOException killedMeanwhile) {
            // the kill came between the two calls; the check after the restart covers this secret
        }
    }

    private void rename(TrackedToken token, String newName) {
        try {
            Api.Answer answer = api.admin("PATCH", token.path(), "{\"name\":\"" + newName + "\"}");
            if (answer.status() == 200) {
                synchronized (ledger) {
                    token.name = newName;
                }
                acknowledged.incrementAndGet();
            } else if (answer.status() == 404 && token.instanceId != null) {
                ledger.notFoundOn(token.instanceId, "rename " + token.id + " answered 404: " + answer.body());
            } else {
                ledger.violation("rename " + token.id + " answered " + answer.status() + ": " + answer.body());
            }
        } catch (IOException lost) {
            synchronized (ledger) {
                token.pending = Pending.RENAME;
                token.pendingName = newName;
            }
            unanswered.incrementAndGet();
        } finally {
            ledger.release(token);
        }
    }

    private void delete(TrackedToken token) {
        try {
            Api.Answer answer = api.admin("DELETE", token.path(), null);
            if (answer.status() == 204) {
                synchronized (ledger) {
                    token.deleted = true;
                }
                acknowledged.incrementAndGet();
            } else if (answer.status() == 404 && token.instanceId != null) {
                ledger.notFoundOn(token.instanceId, "delete " + token.id + " answered 404: " + answer.body());
            } else {
                ledger.violation("delete " + token.id + " answered " + answer.status() + ": " + answer.body());
            }
        } catch (IOException lost) {
            synchronized (ledger) {
                token.pending = Pending.DELETE;
            }
            unanswered.incrementAndGet();
        } finally {
            ledger.release(token);
        }
    }

    private void registerInstance() {
        try {
            Api.Answer answer = api.admin("POST", Ledger.instances(), "{\"type\":\"app\",\"labels\":{\"group\":\"burst\"}}");
            if (answer.status() == 201) {
                ledger.add(new TrackedInstance(answer.json().get("id").asText(), false));
                acknowledged.incrementAndGet();
            } else {
                ledger.violation("register instance answered " + answer.status() + ": " + answer.body());
            }
        } catch (IOException lost) {
            unanswered.incrementAndGet(); // an instance the ledger never knew: nothing to hold the service to
        }
    }

    private void deleteInstance(TrackedInstance instance) {
        try {
            Api.Answer answer = api.admin("DELETE", instance.path(), null);
            if (answer.status() == 204) {
                synchronized (ledger) {
                    instance.deleted = true;
                }
                acknowledged.incrementAndGet();
                } else {
                ledger.violation("delete instance " + instance.id + " answered " + answer.status() + ": " + answer.body());
            }
        } catch (IOException lost) {
            synchronized (ledger) {
                instance.deletePending = true;
            }
            unanswered.incrementAndGet();
        } finally {
            ledger.release(instance);
        }
    }
}

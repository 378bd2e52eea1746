package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.access.ProjectRole;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The service accounts of every project, and which key hash opens which: the part of the auth lookup the admin
 * API's authentication reads. Written by the auth-lookup projection only, read by request threads. A key's hash
 * leaves the map in the same event that brings its successor, so a rotated-away key stops opening anything the
 * moment this node has applied the rotation.
 */
public class ServiceAccountDirectory {

    /** One account as the directory keeps it; {@code validUntil} {@code null} for never. */
    public record Account(String id, String projectId, String name, String description, ProjectRole role,
                          String keyHash, Instant createdAt, Instant validUntil, Instant lastRotatedAt) {

        public boolean isValidAt(Instant now) {
            return validUntil == null || now.isBefore(validUntil);
        }

        @Override
        public String toString() {
            return "Account[" + id + " of " + projectId + ", " + role.value() + "]";
        }
    }

    private final Map<String, Account> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByKeyHash = new ConcurrentHashMap<>();

    void add(Account account) {
        byId.put(account.id(), account);
        idByKeyHash.put(account.keyHash(), account.id());
    }

    void update(String id, String name, String description, ProjectRole role) {
        byId.computeIfPresent(id, (key, account) -> new Account(id, account.projectId(), name, description, role,
                account.keyHash(), account.createdAt(), account.validUntil(), account.lastRotatedAt()));
    }

    void rotate(String id, String keyHash, Instant rotatedAt) {
        Account account = byId.get(id);
        if (account == null) {
            return;
        }
        idByKeyHash.remove(account.keyHash());
        add(new Account(id, account.projectId(), account.name(), account.description(), account.role(), keyHash,
                account.createdAt(), account.validUntil(), rotatedAt));
    }

    void remove(String id) {
        Account account = byId.remove(id);
        if (account != null) {
            idByKeyHash.remove(account.keyHash());
        }
    }

    /** The account a key with this keyed hash opens, if any (valid or not: the caller asks the clock). */
    public Optional<Account> byKeyHash(String keyHash) {
        String id = idByKeyHash.get(keyHash);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** The account of this id, if it exists in this project. */
    public Optional<Account> find(String projectId, String id) {
        return Optional.ofNullable(byId.get(id)).filter(account -> account.projectId().equals(projectId));
    }

    /** A project's accounts, oldest first (ties by id): a stable order for listings. */
    public List<Account> list(String projectId) {
        return byId.values().stream().filter(account -> account.projectId().equals(projectId))
                .sorted(Comparator.comparing(Account::createdAt).thenComparing(Account::id)).toList();
    }

    public int size() {
        return byId.size();
    }

    void writeTo(DataOutputStream out) throws IOException {
        List<Account> accounts = List.copyOf(byId.values());
        out.writeInt(accounts.size());
        for (Account account : accounts) {
            out.writeUTF(account.id());
            out.writeUTF(account.projectId());
            out.writeUTF(account.name());
            SnapshotFields.writeNullableString(out, account.description());
            out.writeUTF(account.role().value());
            out.writeUTF(account.keyHash());
            SnapshotFields.writeInstant(out, account.createdAt());
            SnapshotFields.writeInstant(out, account.validUntil());
            SnapshotFields.writeInstant(out, account.lastRotatedAt());
        }
    }

    static ServiceAccountDirectory readFrom(DataInputStream in) throws IOException {
        ServiceAccountDirectory directory = new ServiceAccountDirectory();
        int count = SnapshotFields.count(in);
        for (int i = 0; i < count; i++) {
            String id = in.readUTF(), projectId = in.readUTF(), name = in.readUTF();
            String description = SnapshotFields.readNullableString(in);
            ProjectRole role;
            try {
                role = ProjectRole.fromValue(in.readUTF());
            } catch (RuntimeException e) {
                throw new IOException("service account " + i + " of the snapshot has no valid role", e);
            }
            Account account = new Account(id, projectId, name, description, role, in.readUTF(),
                    SnapshotFields.readInstant(in), SnapshotFields.readInstant(in), SnapshotFields.readInstant(in));
            if (directory.byId.containsKey(id) || directory.idByKeyHash.containsKey(account.keyHash())) {
                throw new IOException("service account " + i + " of the snapshot repeats an id or a key");
            }
            directory.add(account);
        }
        return directory;
    }

    /** One line per account, for the auth state's digest. */
    Stream<String> canonicalLines() {
        return byId.values().stream().map(account -> String.join(" ", "service-account", account.id(),
                account.projectId(), account.role().value(), account.keyHash(), String.valueOf(account.validUntil())));
    }
}

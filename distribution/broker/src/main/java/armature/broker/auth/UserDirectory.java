package armature.broker.auth;

import armature.broker.access.Credential;
import armature.broker.access.CredentialStore;
import armature.control.api.Role;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Who may log in, and who is logged in. The container's own user (its id) has a secret made at each
 * start and held only in memory; every other user comes from the {@link CredentialStore}, re-read
 * whenever the file changes ({@link #refresh()}). When a credential disappears or is replaced, the
 * sessions that logged in with it are disconnected.
 */
public final class UserDirectory {
    private static final System.Logger LOG = System.getLogger(UserDirectory.class.getName());

    private final String containerId;
    private final byte[] containerSecret;
    private final CredentialStore store;
    private final Consumer<String> disconnect;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextSerial = new AtomicLong(1);
    private volatile Map<String, Credential> credentials = Map.of();
    private volatile Object stamp = "never read";
    private String lastProblem = "";

    /** One authenticated connection. */
    public record Session(Identity identity, long serial, DecisionCache decisions) {}

    /**
     * @param containerId the container's own user name
     * @param containerSecret its per-start password
     * @param store the other users
     * @param disconnect disconnects a client by client id (the broker's client service)
     */
    public UserDirectory(
            String containerId,
            char[] containerSecret,
            CredentialStore store,
            Consumer<String> disconnect) {
        this.containerId = Objects.requireNonNull(containerId, "containerId");
        this.containerSecret = utf8(containerSecret);
        if (this.containerSecret.length < 16) {
            throw new IllegalArgumentException("the container's broker secret is too short");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.disconnect = Objects.requireNonNull(disconnect, "disconnect");
        refresh();
    }

    /**
     * Checks a login.
     *
     * @return the role, or empty when the user is unknown or the password wrong
     */
    public Optional<Role> authenticate(String user, byte[] password) {
        if (user == null || password == null) {
            return Optional.empty();
        }
        if (user.equals(containerId)) {
            return MessageDigest.isEqual(containerSecret, password)
                    ? Optional.of(Role.CONTAINER)
                    : Optional.empty();
        }
        Map<String, Credential> seen = credentials;
        Optional<Role> role = check(seen, user, password);
        // `access add` or a replacement may have happened a moment ago: do not wait for the poll.
        // Whether or not this refresh read the file: a poll that was reading it meanwhile has
        // published its list once refresh() returns (it is synchronized), and that list may be the
        // one with this user. Checking again only on "this refresh read it" refused a login that
        // raced such a poll (seen once in VisionFeatureIT).
        if (role.isEmpty()) {
            refresh();
            Map<String, Credential> now = credentials;
            if (now != seen) {
                role = check(now, user, password);
            }
        }
        return role;
    }

    private static Optional<Role> check(
            Map<String, Credential> credentials, String user, byte[] password) {
        Credential c = credentials.get(user);
        if (c == null) {
            return Optional.empty();
        }
        char[] chars = decode(password);
        try {
            return chars != null && c.password().matches(chars)
                    ? Optional.of(c.role())
                    : Optional.empty();
        } finally {
            if (chars != null) {
                Arrays.fill(chars, '\0');
            }
        }
    }

    /**
     * Re-reads the store when the file changed; disconnects the sessions of credentials that were
     * removed or replaced. Called every few hundred milliseconds.
     *
     * @return whether a changed file was read
     */
    public synchronized boolean refresh() {
        Object now = stampOf();
        if (now.equals(stamp)) {
            return false;
        }
        List<Credential> list;
        try {
            list = store.list();
        } catch (RuntimeException e) {
            // Keep the last good list: a broken file must not lock everybody out or let anyone in.
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                LOG.log(Level.WARNING, "credential store not reloaded: " + problem);
                lastProblem = problem;
            }
            return false;
        }
        lastProblem = "";
        stamp = now;
        Map<String, Credential> fresh = new LinkedHashMap<>();
        for (Credential c : list) {
            if (c.name().equals(containerId)) {
                LOG.log(
                        Level.WARNING,
                        "ignoring stored credential '"
                                + c.name()
                                + "': that name is the container's own user");
                continue;
            }
            fresh.put(c.name(), c);
        }
        Set<String> gone = new HashSet<>();
        credentials.forEach(
                (name, old) -> {
                    Credential c = fresh.get(name);
                    if (c == null || !c.equals(old)) {
                        gone.add(name);
                    }
                });
        credentials = Map.copyOf(fresh);
        if (!gone.isEmpty()) {
            sessions.forEach(
                    (clientId, s) -> {
                        if (gone.contains(s.identity().user())) {
                            LOG.log(
                                    Level.INFO,
                                    "disconnecting client '"
                                            + clientId
                                            + "': credential '"
                                            + s.identity().user()
                                            + "' was removed or replaced");
                            disconnect.accept(clientId);
                        }
                    });
        }
        return true;
    }

    /**
     * Records a successful login, unless the client id is held by a live session of another user
     * (MQTT would let the newcomer take it over and knock that client off).
     *
     * @return the new session, or empty when the client id belongs to another user
     */
    public Optional<Session> claim(String clientId, Identity identity) {
        Session fresh = new Session(identity, nextSerial.getAndIncrement(), new DecisionCache());
        Session now =
                sessions.compute(
                        clientId,
                        (k, old) ->
                                old == null || old.identity().user().equals(identity.user())
                                        ? fresh
                                        : old);
        return now == fresh ? Optional.of(fresh) : Optional.empty();
    }

    /** Forgets a session, unless the client id was taken over by a newer one meanwhile. */
    public void sessionEnded(String clientId, long serial) {
        sessions.computeIfPresent(clientId, (k, s) -> s.serial() == serial ? null : s);
    }

    /** The live session of {@code clientId}, or {@code null}. */
    public Session session(String clientId) {
        return sessions.get(clientId);
    }

    /**
     * The user a client id is named after: a user U (with a credential, or the container's own)
     * whose name the id equals or begins with followed by '-' (the longest such name); empty when
     * none. Such an id belongs to U: another user may not take it (a device squatting {@code
     * thermo1-descriptor} would lock thermo1 out).
     */
    public Optional<String> namedAfter(String clientId) {
        String best =
                clientId.equals(containerId) || clientId.startsWith(containerId + "-")
                        ? containerId
                        : null;
        for (String u : credentials.keySet()) {
            if ((clientId.equals(u) || clientId.startsWith(u + "-"))
                    && (best == null || u.length() > best.length())) {
                best = u;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Number of stored credentials (the container's own user not counted). */
    public int credentialCount() {
        return credentials.size();
    }

    /** Number of authenticated connections. */
    public int sessionCount() {
        return sessions.size();
    }

    private Object stampOf() {
        try {
            BasicFileAttributes a = Files.readAttributes(store.file(), BasicFileAttributes.class);
            // A rename gives a new file key; the time and size catch an edit in place.
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toMillis(), a.size());
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static char[] decode(byte[] bytes) {
        try {
            CharBuffer c =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes));
            char[] out = new char[c.remaining()];
            c.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

package armature.launcher;

import armature.broker.access.Credential;
import armature.broker.access.CredentialStore;
import armature.control.api.Role;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@code armature access add NAME --role ROLE [--json]}, {@code access list [--json]}, {@code
 * access remove NAME}: the broker logins of the local container, in {@code
 * runtime/<id>/access.json}. Works whether the container runs or not (a running embedded broker
 * picks changes up within a second and disconnects removed users). Exit codes: 0 done, 1 refused
 * (name taken, unknown or reserved; store unreadable), 2 wrong usage.
 */
final class AccessCommand {
    static final String USAGE =
            """
            usage: armature access add NAME --role operator|observer|device|container [--json]
                   armature access list [--json]
                   armature access remove NAME""";

    private final Home home;
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();

    AccessCommand(Home home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /**
     * @param words what follows {@code access}: the subcommand and its name
     * @param option option value by name (without "--"), {@code null} when not given
     * @param asJson {@code --json}
     */
    int run(List<String> words, Function<String, String> option, boolean asJson) {
        if (words.isEmpty()) {
            return usage("access needs a subcommand: add, list or remove");
        }
        String sub = words.get(0);
        return switch (sub) {
            case "add" -> {
                if (words.size() != 2) {
                    yield usage("access add needs exactly one NAME");
                }
                String role = option.apply("role");
                if (role == null) {
                    yield usage("access add needs --role operator|observer|device|container");
                }
                yield add(words.get(1), role, asJson);
            }
            case "list" -> words.size() == 1 ? list(asJson) : usage("access list takes no NAME");
            case "remove" ->
                    words.size() == 2
                            ? remove(words.get(1))
                            : usage("access remove needs exactly one NAME");
            default ->
                    usage("unknown access subcommand '" + sub + "'; available: add, list, remove");
        };
    }

    /** Creates a credential and prints its password, the one time it is ever shown. */
    int add(String name, String roleName, boolean asJson) {
        Role role;
        try {
            role = Role.parse(roleName);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        char[] password;
        try {
            password = store().add(name, role);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (CredentialStore.Refused | CredentialStore.StoreException e) {
            return refused(e.getMessage());
        }
        try {
            if (asJson) {
                ObjectNode n = json.createObjectNode();
                n.put("name", name);
                n.put("role", role.wireName());
                n.put("password", new String(password));
                out.println(n);
            } else {
                out.println(
                        "created "
                                + role.wireName()
                                + " '"
                                + name
                                + "' for container '"
                                + home.containerId()
                                + "'; its password (shown only now, stored hashed):");
                out.println(new String(password));
                out.println(
                        "log in with user '"
                                + name
                                + "' and this password; the CLI takes it with --broker-user "
                                + name
                                + " --broker-password-file FILE");
            }
        } finally {
            Arrays.fill(password, '\0');
        }
        return 0;
    }

    /** Prints every credential (never a secret). */
    int list(boolean asJson) {
        List<Credential> all;
        try {
            all = store().list();
        } catch (CredentialStore.StoreException e) {
            return refused(e.getMessage());
        }
        if (asJson) {
            ArrayNode a = json.createArrayNode();
            for (Credential c : all) {
                ObjectNode n = a.addObject();
                n.put("name", c.name());
                n.put("role", c.role().wireName());
                n.put("created", c.created().toString());
            }
            out.println(a.toPrettyString());
            return 0;
        }
        out.printf("%-24s %-10s %s%n", "NAME", "ROLE", "CREATED");
        for (Credential c : all) {
            out.printf("%-24s %-10s %s%n", c.name(), c.role().wireName(), c.created());
        }
        out.println(
                "(the container's own user '"
                        + home.containerId()
                        + "' gets a new password at each start and is not listed)");
        return 0;
    }

    /** Removes a credential; a running broker disconnects its sessions. */
    int remove(String name) {
        try {
            store().remove(name);
        } catch (CredentialStore.Refused | CredentialStore.StoreException e) {
            return refused(e.getMessage());
        }
        out.println("removed '" + name + "'; its sessions on the embedded broker are closed");
        return 0;
    }

    private CredentialStore store() {
        return CredentialStore.in(home.runtime(), home.containerId());
    }

    private int usage(String problem) {
        err.println("armature: " + problem);
        err.println(USAGE);
        return 2;
    }

    private int refused(String problem) {
        err.println("armature: " + problem);
        return 1;
    }
}

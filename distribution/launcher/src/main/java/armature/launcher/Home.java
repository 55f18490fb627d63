package armature.launcher;

import java.nio.file.Path;

/**
 * Where a container keeps its files: {@code config/} and {@code deploy/} (watched), and {@code
 * runtime/<id>/} (instance lock, broker logins, logs, framework cache, broker data).
 */
record Home(Path root, String containerId) {
    Home {
        if (containerId == null || !containerId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new Args.UsageException(
                    "container id '"
                            + containerId
                            + "' must be 1-64 letters, digits, '_', '.', '-'");
        }
        if (containerId.equals("cli")) {
            throw new Args.UsageException(
                    "container id 'cli' is reserved: it is the user name of the CLI's own"
                            + " operator login; choose another");
        }
        root = root.toAbsolutePath().normalize();
    }

    Path config() {
        return root.resolve("config");
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    Path runtime() {
        return root.resolve("runtime").resolve(containerId);
    }

    /** Held (FileChannel lock) by the running container for its whole life. */
    Path lockFile() {
        return runtime().resolve("lock");
    }

    /** The broker URL the running container uses, written at start for the CLI. */
    Path brokerUrlFile() {
        return runtime().resolve("broker.url");
    }

    /** The local operator password of the CLI (user {@value #CLI_USER}), owner-only. */
    Path cliPasswordFile() {
        return runtime().resolve("cli.password");
    }

    /** The user name of the local CLI's operator credential. */
    static final String CLI_USER = "cli";
}

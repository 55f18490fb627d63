package armature.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where a container keeps its files: {@code config/} and {@code deploy/} (watched), and {@code
 * runtime/<id>/} (token, logs, framework cache, broker data).
 */
record Home(Path root, String containerId) {
    Home {
        if (containerId == null || !containerId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new Args.UsageException(
                    "container id '"
                            + containerId
                            + "' must be 1-64 letters, digits, '_', '.', '-'");
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

    Path tokenFile() {
        return runtime().resolve("mgmt.token");
    }

    /** Creates the token at first start, readable by the owner only. */
    String ensureToken() throws IOException {
        Path file = tokenFile();
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path tmp = file.resolveSibling("mgmt.token.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(
                tmp,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file);
        return token;
    }

    /** The token a CLI uses: --token, then $ARMATURE_TOKEN, then the file. */
    String readToken(String option) {
        if (option != null && !option.isBlank()) {
            return option.trim();
        }
        String env = System.getenv("ARMATURE_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return Files.readString(tokenFile(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new Args.UsageException(
                    "no management token: "
                            + tokenFile()
                            + " is not readable (start the container first, or pass --token /"
                            + " ARMATURE_TOKEN for a remote container)");
        }
    }
}

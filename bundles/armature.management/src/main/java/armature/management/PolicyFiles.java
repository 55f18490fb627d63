package armature.management;

import armature.control.api.Names;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code policies/install} and {@code policies/uninstall}: policy packages written to and removed
 * from {@code deploy/} as {@code NAME.armpolicy}, where FileInstall hands them to armature.policy
 * (its PolicyDeployer makes the configuration {@code armature.policy~NAME}). A package is written
 * to a hidden file first and moved into place in one step, so the watcher never reads half of it.
 * Management does not read the package: the policy's provider checks it when it loads it.
 */
final class PolicyFiles {
    static final String EXTENSION = ".armpolicy";
    static final String SHADOW = ".shadow";

    private final Path deploy;

    PolicyFiles(Path deploy) {
        this.deploy = deploy;
    }

    /**
     * Writes {@code bytes} as {@code deploy/NAME.armpolicy}, or as {@code NAME.shadow.armpolicy},
     * the shadow of policy NAME; the reply names file and revision.
     */
    Map<String, Object> deploy(String name, byte[] bytes, boolean shadow) {
        String n = checkedName(name);
        String file = shadow ? n + SHADOW : n;
        if (bytes.length == 0) {
            throw new MgmtException("policy package for '" + n + "' is empty");
        }
        Path target = deploy.resolve(file + EXTENSION);
        Path part = deploy.resolve("." + file + EXTENSION + ".part");
        Path previous = previous(file);
        boolean replaced = Files.exists(target);
        try {
            // the package it replaces is kept (hidden from the watcher) for restore()
            if (replaced) {
                Files.copy(target, previous, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(previous);
            }
            Files.write(part, bytes);
            moveOnto(part, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the hidden file is ignored by the watcher and overwritten next time
            }
            throw new MgmtException("cannot write deploy/" + target.getFileName() + ": " + e);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", n);
        r.put("file", "deploy/" + target.getFileName());
        r.put("bytes", bytes.length);
        r.put("revision", sha256(bytes));
        r.put("replaced", replaced);
        r.put("shadow", shadow);
        return r;
    }

    /**
     * Undoes an install the policy refused: puts back the package it replaced ({@code
     * deploy/.NAME.armpolicy.previous}), or removes the package when it replaced none. Only while
     * {@code deploy/NAME.armpolicy} (or its shadow) still holds the refused revision, so a newer
     * install is never undone.
     *
     * @param refusedRevision the SHA-256 (hex) of the package the policy refused
     */
    Map<String, Object> restore(String name, String refusedRevision, boolean shadow) {
        String n = checkedName(name);
        String file = shadow ? n + SHADOW : n;
        Path target = deploy.resolve(file + EXTENSION);
        Path previous = previous(file);
        try {
            if (!Files.exists(target)) {
                throw new MgmtException(
                        "no package deploy/" + target.getFileName() + " to restore");
            }
            String current = sha256(Files.readAllBytes(target));
            if (!current.equals(refusedRevision)) {
                throw new MgmtException(
                        "deploy/"
                                + target.getFileName()
                                + " holds revision "
                                + current.substring(0, 12)
                                + ", not the refused "
                                + refusedRevision.substring(
                                        0, Math.min(12, refusedRevision.length()))
                                + ": left as it is");
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", n);
            r.put("file", "deploy/" + target.getFileName());
            if (Files.exists(previous)) {
                byte[] bytes = Files.readAllBytes(previous);
                moveOnto(previous, target);
                r.put("restored", "previous");
                r.put("revision", sha256(bytes));
            } else {
                Files.delete(target);
                r.put("restored", "removed");
            }
            return r;
        } catch (IOException e) {
            throw new MgmtException("cannot restore deploy/" + target.getFileName() + ": " + e);
        }
    }

    /** Moves {@code from} onto {@code to} in one step where the file system can. */
    private static void moveOnto(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path previous(String file) {
        return deploy.resolve("." + file + EXTENSION + ".previous");
    }

    /**
     * Makes the shadow of policy NAME its active package: {@code NAME.shadow.armpolicy} moves onto
     * {@code NAME.armpolicy} in one step, so the policy swaps it in and has no shadow any more.
     */
    Map<String, Object> promote(String name) {
        String n = checkedName(name);
        Path shadow = deploy.resolve(n + SHADOW + EXTENSION);
        Path target = deploy.resolve(n + EXTENSION);
        if (!Files.exists(shadow)) {
            throw new MgmtException(
                    "policy '" + n + "' has no shadow package deploy/" + shadow.getFileName());
        }
        if (!Files.exists(target)) {
            throw new MgmtException(
                    "policy '"
                            + n
                            + "' has no package deploy/"
                            + target.getFileName()
                            + " to replace (a policy that a feature or config/ configures is"
                            + " changed there)");
        }
        try {
            byte[] bytes = Files.readAllBytes(shadow);
            Files.copy(target, previous(n), StandardCopyOption.REPLACE_EXISTING);
            moveOnto(shadow, target);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", n);
            r.put("file", "deploy/" + target.getFileName());
            r.put("revision", sha256(bytes));
            return r;
        } catch (IOException e) {
            throw new MgmtException("cannot promote deploy/" + shadow.getFileName() + ": " + e);
        }
    }

    /** Removes {@code deploy/NAME.armpolicy}; refused, naming the deployed ones, when absent. */
    Map<String, Object> undeploy(String name) {
        String n = checkedName(name);
        Path target = deploy.resolve(n + EXTENSION);
        try {
            if (!Files.deleteIfExists(target)) {
                throw new MgmtException(
                        "no policy package deploy/"
                                + target.getFileName()
                                + "; deployed: "
                                + deployed()
                                + " (a policy that a feature or config/ configures is removed"
                                + " there)");
            }
        } catch (IOException e) {
            throw new MgmtException("cannot remove deploy/" + target.getFileName() + ": " + e);
        }
        try {
            Files.deleteIfExists(deploy.resolve(n + SHADOW + EXTENSION)); // its shadow goes too
            Files.deleteIfExists(previous(n));
            Files.deleteIfExists(previous(n + SHADOW));
        } catch (IOException e) {
            throw new MgmtException("cannot remove the shadow of " + n + ": " + e);
        }
        return Map.of("name", n, "file", "deploy/" + target.getFileName(), "removed", true);
    }

    /** The policy names with a package in deploy/. */
    List<String> deployed() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(deploy, "[!.]*" + EXTENSION)) {
            for (Path p : s) {
                String f = p.getFileName().toString();
                String n = f.substring(0, f.length() - EXTENSION.length());
                if (!n.endsWith(SHADOW)) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new MgmtException("cannot list " + deploy + ": " + e);
        }
        out.sort(null);
        return out;
    }

    private static String checkedName(String name) {
        if (name != null && name.endsWith(SHADOW)) {
            throw new MgmtException(
                    "policy name '" + name + "' ends with " + SHADOW + ", which marks shadows");
        }
        try {
            return Names.require(name, "policy name");
        } catch (IllegalArgumentException e) {
            throw new MgmtException(e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

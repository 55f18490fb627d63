package armature.policy.onnx.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A policy as it is shipped (docs/policy-package.md): the {@link PolicyDescriptor} and the bytes of
 * its ONNX networks, read from either
 *
 * <ul>
 *   <li>an Armature policy package, one zip file {@code NAME.armpolicy} holding {@code policy.json}
 *       and the networks it lists (default {@code policy.onnx}), or
 *   <li>a bare network with a descriptor beside it: {@code X.policy.json} next to {@code X.onnx}
 *       (default network; the descriptor's {@code networks} are relative to its folder). Either
 *       file may be named.
 * </ul>
 *
 * Reading checks the descriptor on its own and that every network it names is there; what depends
 * on the networks' shapes or the loop is checked by {@link OnnxPolicy#create}.
 */
public final class PolicyPackage {
    /** The file name extension of a packaged policy. */
    public static final String EXTENSION = ".armpolicy";

    /** The descriptor's entry name inside a package. */
    public static final String DESCRIPTOR_ENTRY = "policy.json";

    /** The network a package's descriptor means when it lists none. */
    public static final String DEFAULT_NETWORK = "policy.onnx";

    /** The file name ending of a descriptor beside a bare network. */
    public static final String DESCRIPTOR_SUFFIX = ".policy.json";

    /**
     * Largest entry read (a dense 2048 + LSTM 1024 network is about 60 MB), so that a damaged or
     * hostile zip cannot exhaust the container's memory.
     */
    static final long MAX_ENTRY_BYTES = 1L << 30;

    private final String origin;
    private final byte[] descriptorJson;
    private final PolicyDescriptor descriptor;
    private final Map<String, byte[]> networks;

    private PolicyPackage(
            String origin,
            byte[] descriptorJson,
            PolicyDescriptor descriptor,
            Map<String, byte[]> networks) {
        this.origin = origin;
        this.descriptorJson = descriptorJson;
        this.descriptor = descriptor;
        this.networks = Collections.unmodifiableMap(networks);
    }

    /**
     * Reads a package, a descriptor or a bare network with its descriptor.
     *
     * @throws PolicyPackageException for a missing or unreadable file, a malformed descriptor, or a
     *     network the descriptor names that is not there
     */
    public static PolicyPackage read(Path source) {
        String file =
                source.getFileName() == null ? source.toString() : source.getFileName().toString();
        if (!Files.isRegularFile(source)) {
            throw PolicyPackageException.value(
                    source.toString(),
                    "source",
                    quote(source.toString()),
                    "an existing file (" + EXTENSION + ", " + DESCRIPTOR_SUFFIX + " or .onnx)");
        }
        if (file.endsWith(EXTENSION)) {
            return readZip(source);
        }
        if (file.endsWith(DESCRIPTOR_SUFFIX)) {
            return readBare(source);
        }
        if (file.endsWith(".onnx")) {
            String stem = file.substring(0, file.length() - ".onnx".length());
            Path descriptor = source.resolveSibling(stem + DESCRIPTOR_SUFFIX);
            if (!Files.isRegularFile(descriptor)) {
                throw PolicyPackageException.value(
                        source.toString(),
                        "source",
                        quote(file),
                        "a bare network with its descriptor "
                                + stem
                                + DESCRIPTOR_SUFFIX
                                + " beside it (not found: "
                                + descriptor
                                + ")");
            }
            return readBare(descriptor);
        }
        throw PolicyPackageException.value(
                source.toString(),
                "source",
                quote(file),
                "a policy package NAME"
                        + EXTENSION
                        + ", a descriptor NAME"
                        + DESCRIPTOR_SUFFIX
                        + ", or a network NAME.onnx with NAME"
                        + DESCRIPTOR_SUFFIX
                        + " beside it");
    }

    /** A package from bytes in memory (tests, tools); {@code networks} by descriptor name. */
    public static PolicyPackage of(
            String origin, byte[] descriptorJson, Map<String, byte[]> networks) {
        PolicyDescriptor d = DescriptorParser.parse(descriptorJson, origin, DEFAULT_NETWORK);
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String n : d.networks()) {
            byte[] b = networks.get(n);
            if (b == null) {
                throw missing(origin, d, n, networks.keySet().stream().sorted().toList());
            }
            found.put(n, b);
        }
        return new PolicyPackage(origin, descriptorJson.clone(), d, found);
    }

    private static PolicyPackage readZip(Path zip) {
        String origin = zip.toString();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry entry = z.getEntry(DESCRIPTOR_ENTRY);
            if (entry == null) {
                throw new PolicyPackageException(
                        origin,
                        DESCRIPTOR_ENTRY,
                        "missing; a policy package holds its descriptor as "
                                + DESCRIPTOR_ENTRY
                                + " at the top of the zip");
            }
            byte[] json = bytes(z, entry, origin);
            PolicyDescriptor d =
                    DescriptorParser.parse(json, origin + "!" + DESCRIPTOR_ENTRY, DEFAULT_NETWORK);
            Map<String, byte[]> nets = new LinkedHashMap<>();
            for (String n : d.networks()) {
                ZipEntry e = z.getEntry(n);
                if (e == null || e.isDirectory()) {
                    List<String> names = new ArrayList<>();
                    z.stream().filter(x -> !x.isDirectory()).forEach(x -> names.add(x.getName()));
                    throw missing(origin, d, n, names.stream().sorted().toList());
                }
                nets.put(n, bytes(z, e, origin));
            }
            return new PolicyPackage(origin, json, d, nets);
        } catch (IOException e) {
            throw new PolicyPackageException(
                    origin, "source", "not a readable zip (" + e.getMessage() + ")", e);
        }
    }

    private static PolicyPackage readBare(Path descriptorFile) {
        String origin = descriptorFile.toString();
        String file = descriptorFile.getFileName().toString();
        String stem = file.substring(0, file.length() - DESCRIPTOR_SUFFIX.length());
        byte[] json = readFile(descriptorFile, origin);
        PolicyDescriptor d = DescriptorParser.parse(json, origin, stem + ".onnx");
        Path dir = descriptorFile.toAbsolutePath().getParent();
        Map<String, byte[]> nets = new LinkedHashMap<>();
        for (String n : d.networks()) {
            Path p = dir.resolve(n);
            if (!Files.isRegularFile(p)) {
                throw PolicyPackageException.value(
                        origin,
                        "networks",
                        quote(n),
                        "ONNX files that exist beside the descriptor (not found: " + p + ")");
            }
            nets.put(n, readFile(p, origin));
        }
        return new PolicyPackage(origin, json, d, nets);
    }

    private static PolicyPackageException missing(
            String origin, PolicyDescriptor d, String network, List<String> present) {
        return PolicyPackageException.value(
                origin,
                "networks[" + d.networks().indexOf(network) + "]",
                quote(network),
                "a network the package holds: " + present);
    }

    private static byte[] bytes(ZipFile z, ZipEntry e, String origin) throws IOException {
        if (e.getSize() > MAX_ENTRY_BYTES) {
            throw PolicyPackageException.value(
                    origin, e.getName(), e.getSize() + " bytes", "at most " + MAX_ENTRY_BYTES);
        }
        try (InputStream in = z.getInputStream(e)) {
            byte[] b = in.readNBytes((int) Math.min(MAX_ENTRY_BYTES, Integer.MAX_VALUE - 8) + 1);
            if (b.length > MAX_ENTRY_BYTES) {
                throw PolicyPackageException.value(
                        origin,
                        e.getName(),
                        "more than " + MAX_ENTRY_BYTES + " bytes",
                        "at most " + MAX_ENTRY_BYTES);
            }
            return b;
        }
    }

    private static byte[] readFile(Path p, String origin) {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw PolicyPackageException.value(
                    origin, "source", quote(p.toString()), "an existing file");
        } catch (IOException e) {
            throw new PolicyPackageException(origin, p.toString(), "cannot be read: " + e, e);
        }
    }

    /**
     * Writes a package file: {@code policy.json} first, then the networks (stored under the names
     * the descriptor gives them). The descriptor is validated before anything is written.
     */
    public static void write(Path target, byte[] descriptorJson, Map<String, byte[]> networks)
            throws IOException {
        PolicyPackage p = of(target.toString(), descriptorJson, networks);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(DESCRIPTOR_ENTRY));
            zip.write(p.descriptorJson);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : p.networks.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        // a reader (deploy/ watcher) never sees half a package
        Files.move(
                tmp,
                target,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where the package was read from (a path, for messages). */
    public String origin() {
        return origin;
    }

    public PolicyDescriptor descriptor() {
        return descriptor;
    }

    /** The descriptor exactly as read. */
    public byte[] descriptorJson() {
        return descriptorJson.clone();
    }

    /** The networks' ONNX bytes by their descriptor names, in descriptor order. */
    public Map<String, byte[]> networks() {
        return networks;
    }

    /** Bytes of all networks together. */
    public long networkBytes() {
        return networks.values().stream().mapToLong(b -> b.length).sum();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}

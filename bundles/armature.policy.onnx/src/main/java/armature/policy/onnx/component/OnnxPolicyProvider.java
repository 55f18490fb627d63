package armature.policy.onnx.component;

import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicyProvider;
import armature.policy.onnx.pkg.OnnxPolicy;
import armature.policy.onnx.pkg.PolicyDescriptor;
import armature.policy.onnx.pkg.PolicyPackage;
import armature.policy.onnx.pkg.PolicyPackageException;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4jBackend;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Provider of kind {@code onnx} (ADR 0092): the runtime configuration's {@code source} names a
 * policy package ({@code .armpolicy}), a descriptor ({@code .policy.json}) or a bare network with
 * its descriptor beside it; relative paths are resolved against the framework property {@code
 * armature.home}. Its only setting is {@link OnnxPolicy#WARMUP_STEPS}.
 *
 * <p>The reference to the {@link Nd4jBackend} service delays activation until the ND4J library
 * bundle has loaded and checked its natives with its own class loader (ADR 0091), so the first
 * network is never what loads them.
 */
@Component(
        name = "armature.policy.onnx",
        property = PolicyProvider.KIND_PROPERTY + "=" + OnnxPolicyProvider.KIND)
public final class OnnxPolicyProvider implements PolicyProvider {
    /** The kind name a runtime configuration selects. */
    public static final String KIND = "onnx";

    private static final System.Logger LOG = System.getLogger(OnnxPolicyProvider.class.getName());

    private final String home;

    @Activate
    public OnnxPolicyProvider(@Reference Nd4jBackend backend, BundleContext context) {
        this(context.getProperty("armature.home"));
    }

    /** For tests: relative sources against {@code home} (null: the working directory). */
    OnnxPolicyProvider(String home) {
        this.home = home;
    }

    @Override
    public Policy create(PolicyContext context) {
        String source = context.source().trim();
        if (source.isEmpty()) {
            throw PolicyPackageException.value(
                    "policy " + context.policyName(),
                    "source",
                    "\"\"",
                    "the path of a policy package (.armpolicy), a descriptor (.policy.json) or an"
                            + " .onnx file with its .policy.json beside it");
        }
        Path path = Path.of(source);
        if (!path.isAbsolute() && home != null) {
            path = Path.of(home).resolve(path);
        }
        long start = System.nanoTime();
        PolicyPackage pkg = PolicyPackage.read(path);
        OnnxPolicy policy = OnnxPolicy.create(pkg, context);
        PolicyDescriptor d = pkg.descriptor();
        LOG.log(
                System.Logger.Level.INFO,
                String.format(
                        Locale.ROOT,
                        "policy '%s': %s '%s' loaded in %.0f ms from %s: %d network(s), %d"
                                + " observations, %d %s actions, %.0f Hz%s, %.2f MB planned;"
                                + " trained by %s at %s%s",
                        context.policyName(),
                        KIND,
                        d.name(),
                        (System.nanoTime() - start) / 1e6,
                        path,
                        policy.members(),
                        policy.spec().observationSize(),
                        policy.spec().actionSize(),
                        policy.spec().actionMode(),
                        d.controlRateHz(),
                        policy.spec().recurrent() ? ", recurrent" : "",
                        policy.plannedBytes() / 1e6,
                        d.provenance().trainedBy(),
                        d.provenance().trainedAt(),
                        d.provenance().environment().isEmpty()
                                ? ""
                                : " on " + d.provenance().environment()));
        return policy;
    }
}

package armature.policy.component;

import armature.bus.api.MessageBus;
import armature.policy.api.PolicyProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Declarative Services face of one running policy per factory configuration {@code
 * armature.policy~<name>} (ADR 0090): it keeps one {@link PolicyInstance}. A configuration change
 * that only names another source, other provider settings or a new revision of the same source is a
 * live swap: the new policy is loaded beside the running one and takes over between two ticks
 * (docs/policy.md, "Live swap"). Any other change (loop, sender, rate, timing) makes a new
 * instance, as a restart would; no change at all changes nothing.
 */
@Component(
        name = "armature.policy",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {},
        immediate = true)
@Designate(ocd = PolicyConfig.class, factory = true)
public final class PolicyComponent {
    /** The framework property naming the container's runtime folder (ADR 0071). */
    static final String RUNTIME_PROPERTY = "armature.runtime";

    private final MessageBus bus;
    private final PolicyProvider provider;
    private final String runtime; // framework property: where crash-safe state lives, or null
    private PolicyInstance instance; // guarded by this
    private PolicyConfig config; // guarded by this

    @Activate
    public PolicyComponent(
            @Reference MessageBus bus,
            @Reference(name = "provider") PolicyProvider provider,
            PolicyConfig config,
            Map<String, Object> properties,
            org.osgi.framework.BundleContext context) {
        this.bus = bus;
        this.provider = provider;
        this.config = config;
        this.runtime = context.getProperty(RUNTIME_PROPERTY);
        this.instance = new PolicyInstance(bus, provider, config, properties, runtime);
    }

    /**
     * A new configuration: a live swap when only what the policy is made from changed, else a new
     * instance. A new instance that refuses the configuration throws, and SCR deactivates the
     * component with that reason (management's {@code config set} then puts the old one back).
     */
    @Modified
    synchronized void modified(PolicyConfig next, Map<String, Object> nextProperties) {
        boolean sameRuntime = sameRuntime(config, next);
        boolean samePolicy =
                Objects.equals(config.source(), next.source())
                        && Arrays.equals(config.settings(), next.settings())
                        && Objects.equals(config.revision(), next.revision());
        boolean sameShadow =
                Objects.equals(config.shadowSource(), next.shadowSource())
                        && Objects.equals(config.shadowRevision(), next.shadowRevision());
        boolean kept = sameRuntime && (samePolicy || instance.swap(next));
        if (!kept) {
            instance.close();
            instance = null;
            instance = new PolicyInstance(bus, provider, next, nextProperties, runtime);
        } else if (!sameShadow) {
            instance.shadow(next);
        }
        config = next;
    }

    @Deactivate
    synchronized void deactivate() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }

    /** Whether {@code a} and {@code b} differ at most in source, settings and revision. */
    static boolean sameRuntime(PolicyConfig a, PolicyConfig b) {
        return Objects.equals(a.name(), b.name())
                && Objects.equals(a.loopName(), b.loopName())
                && Objects.equals(a.provider_target(), b.provider_target())
                && a.rateHz() == b.rateHz()
                && a.maxObservationAgeMillis() == b.maxObservationAgeMillis()
                && a.operatorQuietMillis() == b.operatorQuietMillis()
                && Objects.equals(a.sender(), b.sender())
                && Objects.equals(a.simulation(), b.simulation());
    }
}

package armature.policy.component;

import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicyProvider;
import armature.policy.baseline.ScriptedPolicy;
import org.osgi.service.component.annotations.Component;

/** The scripted baseline as a provider of kind {@code scripted}. */
@Component(
        name = "armature.policy.scripted",
        property = PolicyProvider.KIND_PROPERTY + "=" + ScriptedPolicyProvider.KIND)
public final class ScriptedPolicyProvider implements PolicyProvider {
    /** The kind name a runtime configuration selects. */
    public static final String KIND = "scripted";

    @Override
    public Policy create(PolicyContext context) {
        return new ScriptedPolicy(context);
    }
}

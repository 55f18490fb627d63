package armature.policy.onnx.pkg;

import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.api.PolicyContext;
import armature.policy.onnx.OnnxModelException;
import armature.policy.onnx.OnnxNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What only the loop or the networks can tell about a descriptor: its slots resolved for the loop
 * (observed joints must be the loop's), and its networks loaded and checked against it.
 */
final class PackageFit {
    private PackageFit() {}

    /** The runtime's slots for the context's loop; an unknown joint in elements is refused. */
    static List<ObservationSlot> slots(PolicyPackage pkg, PolicyContext context) {
        String origin = pkg.origin();
        PolicyDescriptor d = pkg.descriptor();
        List<ObservationSlot> slots = new ArrayList<>();
        List<String> loopJoints = context.joints().stream().map(JointRange::name).toList();
        for (int i = 0; i < d.observations().size(); i++) {
            ObservationSlot s = d.observations().get(i).resolve(context.loopName());
            if (s.topic().equals(context.jointStateTopic())) {
                for (int k = 0; k < s.elements().size(); k++) {
                    if (!loopJoints.contains(s.elements().get(k))) {
                        throw PolicyPackageException.value(
                                origin,
                                "observations[" + i + "].elements[" + k + "]",
                                "\"" + s.elements().get(k) + "\"",
                                "a joint of loop '" + context.loopName() + "': " + loopJoints);
                    }
                }
            }
            slots.add(s);
        }
        return slots;
    }

    /**
     * Every member loaded and checked against the descriptor (hence against each other); on a
     * failure the ones already loaded are closed.
     */
    static OnnxNetwork[] networks(PolicyPackage pkg) {
        PolicyDescriptor d = pkg.descriptor();
        OnnxNetwork[] nets = new OnnxNetwork[d.networks().size()];
        try {
            for (int k = 0; k < nets.length; k++) {
                nets[k] = load(pkg, k);
                check(pkg, k, nets[k]);
            }
        } catch (RuntimeException e) {
            for (OnnxNetwork n : nets) {
                if (n != null) {
                    n.close();
                }
            }
            throw e;
        }
        return nets;
    }

    private static OnnxNetwork load(PolicyPackage pkg, int k) {
        String name = pkg.descriptor().networks().get(k);
        try {
            return OnnxNetwork.load(pkg.networks().get(name));
        } catch (OnnxModelException e) {
            throw new PolicyPackageException(
                    pkg.origin(), "networks[" + k + "] (" + name + ")", e.getMessage(), e);
        }
    }

    /** Member k's shapes against the descriptor (so every member's equal the others'). */
    private static void check(PolicyPackage pkg, int k, OnnxNetwork net) {
        PolicyDescriptor d = pkg.descriptor();
        String name = d.networks().get(k);
        String origin = pkg.origin();
        if (net.inputSize() != d.observationSize()) {
            StringBuilder sizes = new StringBuilder();
            for (PolicyDescriptor.Slot s : d.observations()) {
                sizes.append(sizes.length() == 0 ? "" : " + ")
                        .append(s.name())
                        .append(' ')
                        .append(s.size());
            }
            throw PolicyPackageException.value(
                    origin,
                    "observations",
                    "slot sizes summing to " + d.observationSize() + " (" + sizes + ")",
                    "sizes summing to " + net.inputSize() + ", the input width of network " + name);
        }
        if (net.outputSize() != d.actions().joints().size()) {
            throw PolicyPackageException.value(
                    origin,
                    "actions.joints",
                    d.actions().joints().size() + " joints",
                    net.outputSize() + " joints, one per output of network " + name);
        }
        List<Integer> state = Arrays.stream(net.stateSizes()).boxed().toList();
        if (!state.equals(d.recurrentStateSizes())) {
            throw PolicyPackageException.value(
                    origin,
                    "recurrentStateSizes",
                    d.recurrentStateSizes(),
                    state
                            + ", the carried state sizes of network "
                            + name
                            + (state.isEmpty()
                                    ? " (it is not recurrent)"
                                    : " (h, then c, per LSTM)"));
        }
    }
}

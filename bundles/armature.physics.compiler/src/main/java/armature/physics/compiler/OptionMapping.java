package armature.physics.compiler;

import armature.physics.model.Cone;
import armature.physics.model.DisableFlags;
import armature.physics.model.ModelBuilder;
import armature.robot.model.Options;
import java.util.Map;
import java.util.TreeMap;

/**
 * MJCF {@code <option>} solver settings and {@code <flag>}s onto the builder. Disabled features
 * become {@link DisableFlags} bits (MuJoCo's own {@code mjtDisableBit} values); what the engine
 * model has no place for is noted instead.
 */
final class OptionMapping {
    /** MJCF flag name to the engine's disable bit. */
    private static final Map<String, Integer> DISABLE_BITS =
            Map.ofEntries(
                    Map.entry("constraint", DisableFlags.CONSTRAINT),
                    Map.entry("equality", DisableFlags.EQUALITY),
                    Map.entry("frictionloss", DisableFlags.FRICTIONLOSS),
                    Map.entry("limit", DisableFlags.LIMIT),
                    Map.entry("contact", DisableFlags.CONTACT),
                    Map.entry("passive", DisableFlags.PASSIVE),
                    Map.entry("gravity", DisableFlags.GRAVITY),
                    Map.entry("clampctrl", DisableFlags.CLAMPCTRL),
                    Map.entry("warmstart", DisableFlags.WARMSTART),
                    Map.entry("filterparent", DisableFlags.FILTERPARENT),
                    Map.entry("actuation", DisableFlags.ACTUATION),
                    Map.entry("refsafe", DisableFlags.REFSAFE),
                    Map.entry("eulerdamp", DisableFlags.EULERDAMP));

    private final Options o;
    private final ModelBuilder b;
    private final Notes notes;

    OptionMapping(Options o, ModelBuilder b, Notes notes) {
        this.o = o;
        this.b = b;
        this.notes = notes;
    }

    void map() {
        if (o.tolerance() > 1) {
            notes.add("solver tolerance above 1 (1 used)", String.valueOf(o.tolerance()));
        }
        b.solverTolerance(Math.min(o.tolerance(), 1));
        b.impratio(o.impratio());
        b.cone(o.cone().equals("elliptic") ? Cone.ELLIPTIC : Cone.PYRAMIDAL);
        if (!o.solver().equals("Newton")) {
            // Every MuJoCo solver minimises the same convex problem; the engine has Newton only.
            notes.add("solver settings", "solver=" + o.solver() + " (Newton used)");
        }
        if (o.noslipIterations() > 0) {
            notes.add(
                    "noslip post-solver (not supported)",
                    "noslip_iterations=" + o.noslipIterations());
        }
        int bits = 0;
        for (Map.Entry<String, String> f : new TreeMap<>(o.flags()).entrySet()) {
            if (!o.changes(f.getKey())) {
                continue;
            }
            Integer bit = DISABLE_BITS.get(f.getKey());
            if (bit != null) {
                bits |= bit;
            } else {
                // sensor/midphase disabled, or an enable flag (override, energy, ...).
                notes.add("option flags", f.getKey() + "=" + f.getValue());
            }
        }
        b.disable(bits);
    }
}

package armature.physics.compiler;

import armature.physics.model.MultibodyModel;
import armature.robot.model.StaticBodyFusion;
import java.util.List;
import java.util.Optional;

/**
 * Result of compiling a description.
 *
 * @param model the engine model
 * @param unsupported one entry per kind of description element the engine could not represent
 *     (empty when everything was mapped)
 * @param fusedBodies description bodies merged into an ancestor as MuJoCo's {@code fusestatic}
 *     merges them (fixed URDF links): they have no body in the engine model; each names the body
 *     that carries it and its frame there
 */
public record Compilation(
        MultibodyModel model,
        List<String> unsupported,
        List<StaticBodyFusion.FusedBody> fusedBodies) {
    public Compilation {
        unsupported = List.copyOf(unsupported);
        fusedBodies = List.copyOf(fusedBodies);
    }

    /** A compilation in which no body was fused. */
    public Compilation(MultibodyModel model, List<String> unsupported) {
        this(model, unsupported, List.of());
    }

    /**
     * @param bodyName a body name of the description
     * @return where that body went when it was fused away, or empty when the engine model has it
     *     (or the description never had it)
     */
    public Optional<StaticBodyFusion.FusedBody> fused(String bodyName) {
        return fusedBodies.stream().filter(f -> f.name().equals(bodyName)).findFirst();
    }

    /**
     * @return a single warning listing everything the engine could not represent, or empty
     */
    public Optional<String> warning() {
        if (unsupported.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                "model '"
                        + model.name
                        + "': the reference engine does not represent: "
                        + String.join("; ", unsupported));
    }
}

package armature.physics.compiler;

import armature.physics.model.MultibodyModel;
import java.util.List;
import java.util.Optional;

/**
 * Result of compiling a description.
 *
 * @param model the engine model
 * @param unsupported one entry per kind of description element the engine could not represent
 *     (empty when everything was mapped)
 */
public record Compilation(MultibodyModel model, List<String> unsupported) {
    public Compilation {
        unsupported = List.copyOf(unsupported);
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

package armature.physics.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A physics engine service. Implementations are stateless factories: all simulation state lives in
 * the {@link World}s they create.
 */
@ProviderType
public interface PhysicsEngine {

    /** Short stable identifier of the implementation, for example {@code "reference"}. */
    String name();

    /**
     * Whether this engine can run {@code model}. A model compiled for one engine family may carry
     * data another engine does not understand.
     */
    boolean supports(PhysicsModel model);

    /**
     * Creates an independent world at the model's initial state (its {@code qpos0}, zero velocity,
     * time zero). Worlds share the immutable model and nothing else.
     *
     * @throws IllegalArgumentException if {@link #supports(PhysicsModel)} is false for the model
     */
    World createWorld(PhysicsModel model);
}

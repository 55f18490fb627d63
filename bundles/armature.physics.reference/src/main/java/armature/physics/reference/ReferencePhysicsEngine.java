package armature.physics.reference;

import armature.physics.api.PhysicsEngine;
import armature.physics.api.PhysicsModel;
import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.sim.ReferenceWorld;
import org.osgi.service.component.annotations.Component;

/** The pure-Java reference engine as a DS service. Stateless: each world owns its buffers. */
@Component(service = PhysicsEngine.class, property = "physics.engine=reference")
public final class ReferencePhysicsEngine implements PhysicsEngine {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public boolean supports(PhysicsModel model) {
        return model instanceof MultibodyModel;
    }

    @Override
    public World createWorld(PhysicsModel model) {
        if (!(model instanceof MultibodyModel mm)) {
            throw new IllegalArgumentException(
                    "model '"
                            + (model == null ? "null" : model.name())
                            + "' is not a MultibodyModel built by armature.physics.model.ModelBuilder");
        }
        return new ReferenceWorld(mm);
    }
}

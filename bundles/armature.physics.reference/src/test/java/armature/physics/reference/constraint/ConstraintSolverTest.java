package armature.physics.reference.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.GeomType;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.CollisionDetector;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.physics.reference.fixtures.Robots;
import org.junit.jupiter.api.Test;

class ConstraintSolverTest {

    /** Four tilted, penetrating, moving cubes on a floor: 4 x 4 contacts x 4 rows = 64 rows. */
    static MultibodyModel cubes() {
        ModelBuilder b = new ModelBuilder("cubes").solverIterations(200).solverTolerance(0);
        b.addGeom(0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, Robots.IDENTITY);
        for (int i = 0; i < 4; i++) {
            int c =
                    b.addBody(
                            0,
                            "c" + i,
                            new double[] {0.3 * i, 0, 0.049},
                            Robots.about(Robots.Z, 0.2 * i));
            b.inertial(c, 1 + i, Robots.ORIGIN, new double[] {2e-3, 2e-3, 2e-3, 0, 0, 0});
            b.addFree(c, "f" + i);
            int g =
                    b.addGeom(
                            c,
                            "g" + i,
                            GeomType.BOX,
                            new double[] {0.05, 0.05, 0.05},
                            Robots.ORIGIN,
                            Robots.IDENTITY);
            b.geomCondim(g, 4);
        }
        return b.build();
    }

    static double[] solve(MultibodyModel m, int chainLimit) {
        MultibodyData d = new MultibodyData(m);
        for (int i = 0; i < m.nv; i++) {
            d.qvel[i] = 0.3 * Math.sin(i);
        }
        Kinematics.forward(d);
        ContactSet cs = new ContactSet(m.maxContacts);
        new CollisionDetector(m).detect(d, cs);
        assertThat(cs.count).isEqualTo(16);
        Dynamics.crba(d);
        Dynamics.factor(d, m.timestepSeconds);
        double[] v = d.qvel.clone();
        for (int i = 0; i < m.nv; i++) {
            v[i] += m.timestepSeconds * (i % 6 == 2 ? -9.81 : 0);
        }
        ConstraintSolver solver = new ConstraintSolver(m, chainLimit);
        solver.solve(d, cs, m.timestepSeconds, v);
        assertThat(solver.rowCount()).isEqualTo(64);
        return v;
    }

    @Test
    void chainAndVelocityFormsAgree() {
        MultibodyModel m = cubes();
        double[] chain = solve(m, Integer.MAX_VALUE), velocity = solve(m, 0);
        for (int i = 0; i < m.nv; i++) {
            assertThat(chain[i]).as("v[%d]", i).isCloseTo(velocity[i], within(1e-9));
        }
        // the contacts pushed the penetrating cubes up
        for (int c = 0; c < 4; c++) {
            assertThat(chain[6 * c + 2]).isPositive();
        }
    }
}

package armature.physics.reference.sim;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.ConvexFaces;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import armature.robot.model.GeomType;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A pile of every shape dropped onto a box table (mesh cubes, a mesh slab, cylinders, capsules,
 * boxes, a sphere), so that the new manifold paths (separating axes, face clipping, cylinder and
 * capsule features, margins) all run: two runs stay bit-identical and warm stepping allocates
 * nothing.
 */
class ManifoldDeterminismTest {
    static MultibodyModel pile() {
        ModelBuilder b = new ModelBuilder("pile").timestep(0.002);
        int cube =
                b.addMesh(
                        "cube",
                        RestingManifoldTest.corners(0.03, 0.03, 0.03),
                        ConvexFaces.boxTriangles());
        int slab =
                b.addMesh(
                        "slab",
                        RestingManifoldTest.corners(0.06, 0.04, 0.01),
                        ConvexFaces.boxTriangles());
        b.addGeom(0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, Robots.IDENTITY);
        b.addGeom(
                0,
                "table",
                GeomType.BOX,
                new double[] {0.15, 0.15, 0.05},
                new double[] {0, 0, 0.05},
                Robots.IDENTITY);
        Object[][] shapes = {
            {GeomType.MESH, cube, null},
            {GeomType.CYLINDER, -1, new double[] {0.025, 0.04}},
            {GeomType.CAPSULE, -1, new double[] {0.015, 0.05}},
            {GeomType.BOX, -1, new double[] {0.03, 0.02, 0.025}},
            {GeomType.MESH, slab, null},
            {GeomType.CYLINDER, -1, new double[] {0.03, 0.02}},
            {GeomType.SPHERE, -1, new double[] {0.025}},
            {GeomType.MESH, cube, null},
        };
        for (int k = 0; k < shapes.length; k++) {
            double[] pos = {0.04 * Math.cos(1.7 * k), 0.04 * Math.sin(1.7 * k), 0.16 + 0.07 * k};
            double[] q = Robots.about(new double[] {Math.sqrt(0.5), 0, Math.sqrt(0.5)}, 0.5 * k);
            int body = b.addBody(0, "body" + k, pos, q);
            b.inertial(body, 0.2, Robots.ORIGIN, new double[] {1e-4, 1e-4, 1e-4, 0, 0, 0});
            b.addFree(body, "free" + k);
            GeomType t = (GeomType) shapes[k][0];
            if (t == GeomType.MESH) {
                b.addMeshGeom(body, "g" + k, (int) shapes[k][1], Robots.ORIGIN, Robots.IDENTITY);
            } else {
                b.addGeom(
                        body, "g" + k, t, (double[]) shapes[k][2], Robots.ORIGIN, Robots.IDENTITY);
            }
        }
        return b.build();
    }

    @Test
    void twoRunsOfThePileAreBitIdenticalAndCoverTheNewPairs() {
        MultibodyModel m = pile();
        Simulator a = new Simulator(m), b = new Simulator(m);
        Set<String> pairs = new HashSet<>();
        for (int s = 0; s < 1500; s++) {
            a.step();
            b.step();
            for (int c = 0; c < a.contacts.count; c++) {
                GeomType t1 = m.geomType[a.contacts.geom1[c]], t2 = m.geomType[a.contacts.geom2[c]];
                pairs.add(t1.ordinal() <= t2.ordinal() ? t1 + "-" + t2 : t2 + "-" + t1);
            }
        }
        for (int i = 0; i < m.nq; i++) {
            assertThat(Double.doubleToRawLongBits(a.data.qpos[i]))
                    .as("qpos[%d]", i)
                    .isEqualTo(Double.doubleToRawLongBits(b.data.qpos[i]));
        }
        for (int i = 0; i < m.nv; i++) {
            assertThat(Double.doubleToRawLongBits(a.data.qvel[i]))
                    .as("qvel[%d]", i)
                    .isEqualTo(Double.doubleToRawLongBits(b.data.qvel[i]));
        }
        System.out.println("pile contact pairs: " + pairs);
        assertThat(pairs)
                .contains(
                        "BOX-MESH",
                        "CYLINDER-BOX",
                        "BOX-BOX",
                        "MESH-MESH",
                        "CYLINDER-MESH",
                        "CAPSULE-BOX",
                        "CYLINDER-CYLINDER",
                        "CAPSULE-CYLINDER");
    }

    @Test
    void pileSteppingDoesNotAllocateOnceWarm() {
        Simulator sim = new Simulator(pile());
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int s = 0; s < 2000; s++) {
            sim.step();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int s = 0; s < 1000; s++) {
            sim.step();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(sim.contacts.count).isPositive();
        assertThat(allocated).as("bytes allocated by 1000 steps").isLessThan(1024);
    }
}

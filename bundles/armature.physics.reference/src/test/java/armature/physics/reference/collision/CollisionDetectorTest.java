package armature.physics.reference.collision;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.physics.reference.fixtures.Robots;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.Test;

/** Filtering rules: bitmasks, parent-child, excludes, explicit pairs, static pairs. */
class CollisionDetectorTest {

    /** Three overlapping spheres on a chain world - a - b, plus c free, all at the origin. */
    static ModelBuilder scene() {
        ModelBuilder b = new ModelBuilder("filters");
        b.addGeom(0, "static", GeomType.SPHERE, new double[] {0.1}, Robots.ORIGIN, Robots.IDENTITY);
        int a = b.addBody(0, "a", Robots.ORIGIN, Robots.IDENTITY);
        b.inertial(a, 1, Robots.ORIGIN, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        b.addHinge(a, "ja", Robots.ORIGIN, Robots.Z);
        b.addGeom(a, "ga", GeomType.SPHERE, new double[] {0.1}, Robots.ORIGIN, Robots.IDENTITY);
        int bb = b.addBody(a, "b", Robots.ORIGIN, Robots.IDENTITY);
        b.inertial(bb, 1, Robots.ORIGIN, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        b.addHinge(bb, "jb", Robots.ORIGIN, Robots.Z);
        b.addGeom(
                bb,
                "gb",
                GeomType.SPHERE,
                new double[] {0.1},
                new double[] {0.05, 0, 0},
                Robots.IDENTITY);
        int c = b.addBody(0, "c", new double[] {0.02, 0, 0}, Robots.IDENTITY);
        b.inertial(c, 1, Robots.ORIGIN, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        b.addFree(c, "jc");
        b.addGeom(
                c,
                "gc",
                GeomType.BOX,
                new double[] {0.1, 0.1, 0.1},
                Robots.ORIGIN,
                Robots.IDENTITY);
        return b;
    }

    static String pairs(MultibodyModel m) {
        MultibodyData d = new MultibodyData(m);
        Kinematics.forward(d);
        ContactSet cs = new ContactSet(32);
        new CollisionDetector(m).detect(d, cs);
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cs.count; c++) {
            int g1 = Math.min(cs.geom1[c], cs.geom2[c]), g2 = Math.max(cs.geom1[c], cs.geom2[c]);
            sb.append(m.geomNames().get(g1)).append('-').append(m.geomNames().get(g2)).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void defaultFilteringSkipsParentChildButKeepsWorldAndStrangers() {
        // static-ga: world is the parent of a, but world contacts are kept (MJCF); ga-gb
        // parent-child: skipped
        assertThat(pairs(scene().build()).split(" "))
                .containsExactlyInAnyOrder("static-ga", "static-gb", "static-gc", "ga-gc", "gb-gc");
    }

    @Test
    void bitmasksExcludesAndExplicitPairs() {
        ModelBuilder b = scene();
        b.geomContactBits(3, 2, 2); // gc only meets conaffinity/contype bit 2
        assertThat(pairs(b.build()).split(" ")).containsExactlyInAnyOrder("static-ga", "static-gb");
        b = scene();
        b.excludeContact(2, 3); // bodies b and c
        b.excludeContact(0, 1); // world and a
        assertThat(pairs(b.build()).split(" "))
                .containsExactlyInAnyOrder("static-gb", "static-gc", "ga-gc");
        b = scene();
        b.addContactPair(
                1, 2, 3, new double[] {0.5, 0, 0}, 0); // explicit pair overrides parent-child
        b.geomContactBits(3, 0, 0);
        assertThat(pairs(b.build()).split(" "))
                .containsExactlyInAnyOrder("ga-gb", "static-ga", "static-gb");
    }

    @Test
    void tabulatedFilterAgreesWithTheRulesForEveryPair() {
        // more than 64 geoms so the table spans several words; excludes and a pair included
        ModelBuilder b = scene();
        for (int i = 0; i < 70; i++) {
            b.addGeom(
                    1 + i % 3,
                    "extra" + i,
                    GeomType.SPHERE,
                    new double[] {0.01},
                    Robots.ORIGIN,
                    Robots.IDENTITY);
        }
        b.excludeContact(2, 3);
        b.addContactPair(5, 7, 3, new double[] {0.5, 0, 0}, 0);
        MultibodyModel m = b.build();
        CollisionDetector cd = new CollisionDetector(m);
        int allowed = 0;
        for (int g1 = 0; g1 < m.ngeom; g1++) {
            for (int g2 = g1 + 1; g2 < m.ngeom; g2++) {
                assertThat(cd.allowedPair(g1, g2)).as("%d-%d", g1, g2).isEqualTo(cd.filter(g1, g2));
                allowed += cd.filter(g1, g2) ? 1 : 0;
            }
        }
        assertThat(allowed).isPositive().isLessThan(m.ngeom * (m.ngeom - 1) / 2);
    }
}

package armature.robot.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.robot.model.geometry.ConvexHull;
import armature.robot.model.geometry.QuickHull;
import armature.robot.model.geometry.Vec3;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeomMassPropertiesTest {
    @Test
    void boxMatchesTextbook() {
        // Half sizes 0.1, 0.2, 0.3 -> full 0.2 x 0.4 x 0.6, V = 0.048.
        var p = GeomMassProperties.of(GeomType.BOX, List.of(0.1, 0.2, 0.3), null);
        assertThat(p.volumeM3()).isCloseTo(0.048, within(1e-15));
        double m = 0.048;
        assertThat(p.inertiaAboutComPerDensity().ixxKgM2())
                .isCloseTo(m / 12 * (0.16 + 0.36), within(1e-15));
        assertThat(p.inertiaAboutComPerDensity().izzKgM2())
                .isCloseTo(m / 12 * (0.04 + 0.16), within(1e-15));
    }

    @Test
    void sphereMatchesTextbook() {
        var p = GeomMassProperties.of(GeomType.SPHERE, List.of(0.5), null);
        double v = 4.0 / 3 * Math.PI * 0.125;
        assertThat(p.volumeM3()).isCloseTo(v, within(1e-15));
        assertThat(p.inertiaAboutComPerDensity().iyyKgM2())
                .isCloseTo(0.4 * v * 0.25, within(1e-15));
    }

    @Test
    void cylinderMatchesTextbook() {
        var p = GeomMassProperties.of(GeomType.CYLINDER, List.of(0.1, 0.5), null);
        double v = Math.PI * 0.01 * 1.0;
        assertThat(p.volumeM3()).isCloseTo(v, within(1e-15));
        assertThat(p.inertiaAboutComPerDensity().izzKgM2()).isCloseTo(v * 0.01 / 2, within(1e-15));
        assertThat(p.inertiaAboutComPerDensity().ixxKgM2())
                .isCloseTo(v * (3 * 0.01 + 1.0) / 12, within(1e-15));
    }

    @Test
    void capsuleMatchesHullOfDenseCapsuleSurface() {
        double r = 0.05;
        double h = 0.1;
        var p = GeomMassProperties.of(GeomType.CAPSULE, List.of(r, h), null);
        double exactVolume = Math.PI * r * r * 2 * h + 4.0 / 3 * Math.PI * r * r * r;
        assertThat(p.volumeM3()).isCloseTo(exactVolume, within(1e-15));
        // Independent check: a polyhedral capsule from a fine point sampling of its surface.
        List<Vec3> pts = new ArrayList<>();
        int rings = 200;
        int around = 200;
        for (int i = 0; i <= rings; i++) {
            double phi = Math.PI * i / rings; // 0 at +z pole
            double z = r * Math.cos(phi) + (phi < Math.PI / 2 ? h : -h);
            double rr = r * Math.sin(phi);
            for (int k = 0; k < around; k++) {
                double t = 2 * Math.PI * k / around;
                pts.add(new Vec3(rr * Math.cos(t), rr * Math.sin(t), z));
            }
            if (i == rings / 2) {
                for (int k = 0; k < around; k++) {
                    double t = 2 * Math.PI * k / around;
                    pts.add(new Vec3(r * Math.cos(t), r * Math.sin(t), -h));
                    pts.add(new Vec3(r * Math.cos(t), r * Math.sin(t), h));
                }
            }
        }
        ConvexHull hull = QuickHull.build(pts);
        assertThat(hull.volume() / p.volumeM3()).isCloseTo(1, within(2e-3));
        var hi = hull.unitDensityInertiaAboutCentroid();
        var ci = p.inertiaAboutComPerDensity();
        assertThat(hi.ixxKgM2() / ci.ixxKgM2()).isCloseTo(1, within(3e-3));
        assertThat(hi.izzKgM2() / ci.izzKgM2()).isCloseTo(1, within(3e-3));
    }

    @Test
    void ellipsoidAndPlane() {
        var e = GeomMassProperties.of(GeomType.ELLIPSOID, List.of(1.0, 2.0, 3.0), null);
        double v = 4.0 / 3 * Math.PI * 6;
        assertThat(e.volumeM3()).isCloseTo(v, within(1e-12));
        assertThat(e.inertiaAboutComPerDensity().ixxKgM2()).isCloseTo(v * 13 / 5, within(1e-12));
        assertThat(GeomMassProperties.of(GeomType.PLANE, List.of(1.0, 1.0, 1.0), null).volumeM3())
                .isZero();
    }
}

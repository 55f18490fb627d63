package armature.robot.model.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrientationsTest {
    private static final double TOL = 1e-12;
    private static final double S = Math.sqrt(0.5);

    private static void assertSame(Quat actual, Quat expected) {
        assertThat(actual.sameRotation(expected, 1e-9))
                .as("expected %s but was %s", expected, actual)
                .isTrue();
    }

    @Test
    void axisAngleQuarterTurnAboutZ() {
        // cos(45 deg), 0, 0, sin(45 deg)
        assertSame(Quat.fromAxisAngle(new Vec3(0, 0, 2), Math.PI / 2), new Quat(S, 0, 0, S));
    }

    @Test
    void eulerSingleAxisMatchesAxisAngle() {
        assertSame(
                Orientations.fromEuler(new Vec3(Math.PI / 2, 0, 0), "xyz"), new Quat(S, S, 0, 0));
        assertSame(
                Orientations.fromEuler(new Vec3(0, Math.PI / 2, 0), "xyz"), new Quat(S, 0, S, 0));
    }

    @Test
    void intrinsicXyzComposesRightToLeftOnMovingAxes() {
        // Intrinsic x(90) then y(90): q = qx * qy = (S,S,0,0)*(S,0,S,0) = (0.5, 0.5, 0.5, 0.5).
        Quat q = Orientations.fromEuler(new Vec3(Math.PI / 2, Math.PI / 2, 0), "xyz");
        assertSame(q, new Quat(0.5, 0.5, 0.5, 0.5));
        // Extrinsic X(90) then Y(90): q = qy * qx = (0.5, 0.5, 0.5, -0.5).
        Quat e = Orientations.fromEuler(new Vec3(Math.PI / 2, Math.PI / 2, 0), "XYZ");
        assertSame(e, new Quat(0.5, 0.5, 0.5, -0.5));
    }

    @Test
    void rpyIsExtrinsicXyz() {
        // URDF panda_joint2 origin rpy = (-pi/2, 0, 0): a -90 degree turn about x.
        assertSame(Orientations.fromRpy(new Vec3(-Math.PI / 2, 0, 0)), new Quat(S, -S, 0, 0));
        // rpy (0, 0, pi) is a half turn about z.
        assertSame(Orientations.fromRpy(new Vec3(0, 0, Math.PI)), new Quat(0, 0, 0, 1));
    }

    @Test
    void xyAxesBuildRotationWithThoseColumns() {
        // x axis -> world y, y axis -> world -x: a +90 degree turn about z.
        assertSame(
                Orientations.fromXyAxes(new Vec3(0, 1, 0), new Vec3(-1, 0, 0)),
                new Quat(S, 0, 0, S));
        // A non-orthogonal y is orthogonalised first.
        assertSame(
                Orientations.fromXyAxes(new Vec3(0, 2, 0), new Vec3(-1, 5, 0)),
                new Quat(S, 0, 0, S));
        assertThatThrownBy(() -> Orientations.fromXyAxes(new Vec3(1, 0, 0), new Vec3(2, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zAxisUsesMinimalRotation() {
        // z -> x: +90 degrees about y.
        assertSame(Orientations.fromZAxis(new Vec3(1, 0, 0)), new Quat(S, 0, S, 0));
        assertSame(Orientations.fromZAxis(new Vec3(0, 0, 3)), Quat.IDENTITY);
        Quat flip = Orientations.fromZAxis(new Vec3(0, 0, -1));
        Vec3 z = flip.rotate(Vec3.UNIT_Z);
        assertThat(z.z()).isCloseTo(-1, org.assertj.core.data.Offset.offset(TOL));
    }

    @Test
    void matrixRoundTrip() {
        Quat q = new Quat(0.3, -0.5, 0.7, 0.1).normalized();
        assertSame(Quat.fromMatrix(q.toMatrix()), q);
        Quat r = new Quat(0.01, 0.99, 0.1, -0.05).normalized();
        assertSame(Quat.fromMatrix(r.toMatrix()), r);
    }

    @Test
    void rotateAgreesWithProduct() {
        Quat q = Orientations.fromEuler(new Vec3(0.3, -1.1, 2.0), "xyz");
        Vec3 v = new Vec3(1, 2, 3);
        Quat p = q.times(new Quat(0, v.x(), v.y(), v.z())).times(q.conjugate());
        Vec3 r = q.rotate(v);
        assertThat(r.x()).isCloseTo(p.x(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.y()).isCloseTo(p.y(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.z()).isCloseTo(p.z(), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Orientations.fromEuler(Vec3.ZERO, "xy"))
                .hasMessageContaining("xy");
        assertThatThrownBy(() -> Orientations.fromEuler(Vec3.ZERO, "xyw"))
                .hasMessageContaining("xyw");
        assertThatThrownBy(() -> new Vec3(Double.NaN, 0, 0)).hasMessageContaining("finite");
        assertThatThrownBy(() -> Quat.fromAxisAngle(Vec3.ZERO, 1)).hasMessageContaining("zero");
    }
}

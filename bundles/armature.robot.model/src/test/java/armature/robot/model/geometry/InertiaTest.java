package armature.robot.model.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InertiaTest {
    @Test
    void rotatingDiagonalTensorQuarterTurnSwapsAxes() {
        Inertia d = Inertia.diagonal(new Vec3(1, 2, 3));
        Inertia r = d.rotated(Quat.fromAxisAngle(Vec3.UNIT_Z, Math.PI / 2));
        assertThat(r.ixxKgM2()).isCloseTo(2, within(1e-12));
        assertThat(r.iyyKgM2()).isCloseTo(1, within(1e-12));
        assertThat(r.izzKgM2()).isCloseTo(3, within(1e-12));
        assertThat(r.ixyKgM2()).isCloseTo(0, within(1e-12));
    }

    @Test
    void principalDecompositionReconstructsTensor() {
        Quat frame = Orientations.fromEuler(new Vec3(0.4, -0.9, 1.7), "xyz");
        Inertia full = Inertia.diagonal(new Vec3(0.5, 1.5, 1.8)).rotated(frame);
        Inertia.PrincipalInertia p = full.principal();
        Inertia back = Inertia.diagonal(p.diagonalKgM2()).rotated(p.frame());
        assertThat(back.ixxKgM2()).isCloseTo(full.ixxKgM2(), within(1e-10));
        assertThat(back.iyyKgM2()).isCloseTo(full.iyyKgM2(), within(1e-10));
        assertThat(back.izzKgM2()).isCloseTo(full.izzKgM2(), within(1e-10));
        assertThat(back.ixyKgM2()).isCloseTo(full.ixyKgM2(), within(1e-10));
        assertThat(back.ixzKgM2()).isCloseTo(full.ixzKgM2(), within(1e-10));
        assertThat(back.iyzKgM2()).isCloseTo(full.iyzKgM2(), within(1e-10));
        double sum = p.diagonalKgM2().x() + p.diagonalKgM2().y() + p.diagonalKgM2().z();
        assertThat(sum).isCloseTo(3.8, within(1e-10));
    }

    @Test
    void pointMassParallelAxis() {
        Inertia i = Inertia.pointMass(2, new Vec3(1, 0, 0));
        assertThat(i.ixxKgM2()).isZero();
        assertThat(i.iyyKgM2()).isEqualTo(2);
        assertThat(i.izzKgM2()).isEqualTo(2);
    }
}

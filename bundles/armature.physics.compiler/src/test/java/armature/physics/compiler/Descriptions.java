package armature.physics.compiler;

import armature.robot.model.Body;
import armature.robot.model.Geom;
import armature.robot.model.Joint;
import armature.robot.model.Model;
import armature.robot.model.Options;
import java.util.List;

/** Test-side edits of a loaded description (records are immutable, so the tree is rebuilt). */
final class Descriptions {
    private Descriptions() {}

    /**
     * The same mechanism without damping, friction loss, limits or contacts, integrated with the
     * given MJCF integrator name: a conservative system whose energy must be kept.
     */
    static Model conservative(Model m, String integrator) {
        Options o = m.options();
        Options opts =
                new Options(
                        o.timestepSeconds(),
                        o.gravityMPerSec2(),
                        o.iterations(),
                        integrator,
                        o.flags());
        return new Model(
                m.name(),
                m.sourceFile(),
                m.format(),
                opts,
                strip(m.world()),
                m.meshes(),
                m.actuators(),
                m.tendons(),
                m.contactPairs(),
                m.contactExcludes(),
                m.equalities(),
                m.keyframes(),
                m.warnings());
    }

    private static Body strip(Body b) {
        List<Joint> joints =
                b.joints().stream()
                        .map(
                                j ->
                                        new Joint(
                                                j.name(),
                                                j.type(),
                                                j.posM(),
                                                j.axis(),
                                                false,
                                                0,
                                                0,
                                                j.refRadOrM(),
                                                0,
                                                0,
                                                j.armatureKgM2OrKg(),
                                                0,
                                                j.marginRadOrM(),
                                                j.effortLimitNmOrN(),
                                                j.velocityLimitRadOrMPerSec(),
                                                j.mimic()))
                        .toList();
        List<Geom> geoms =
                b.geoms().stream()
                        .map(
                                g ->
                                        new Geom(
                                                g.name(),
                                                g.type(),
                                                g.sizeM(),
                                                g.posM(),
                                                g.quat(),
                                                g.meshName(),
                                                g.friction(),
                                                g.condim(),
                                                0,
                                                0,
                                                g.marginM(),
                                                g.densityKgPerM3(),
                                                g.massKg(),
                                                g.group(),
                                                g.rgba()))
                        .toList();
        return new Body(
                b.name(),
                b.posM(),
                b.quat(),
                b.inertial(),
                joints,
                geoms,
                b.sites(),
                b.children().stream().map(Descriptions::strip).toList(),
                b.mocap());
    }
}

package armature.robot.model;

import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import java.util.ArrayList;
import java.util.List;

/**
 * MuJoCo's {@code compiler/fusestatic} as a description-to-description step: every body without
 * joints (and not mocap) disappears into its nearest surviving ancestor. Its mass and inertia are
 * added to that ancestor's (dropped when the ancestor is the world, which does not move), its geoms
 * and sites are appended to the ancestor's lists with composed poses, and its children take its
 * place among the ancestor's children. Bodies, geoms and sites then come in the order MuJoCo
 * 2.2.2's compiler gives them, so indices agree with MuJoCo's for the same file; joints keep their
 * order and qpos layout.
 *
 * <p>As in MuJoCo 2.2.2, nothing is fused when the model has elements that could name a fused body
 * or a moved geom or site: explicit contact pairs, excludes, tendons, actuators or equality
 * constraints. URDF mimic joints arrive here as joint equalities, which name joints only (MuJoCo
 * 2.2.2 ignores them); they do not prevent fusion.
 */
public final class StaticBodyFusion {
    /** MuJoCo's mjMINVAL: masses below it are treated as zero when fusing. */
    private static final double MIN_MASS_KG = 1e-15;

    /**
     * A body that was fused away: its frame lives on in the body it was fused into.
     *
     * @param name the fused body's name
     * @param intoBody the surviving body that carries its geoms, sites and mass
     * @param posM the fused body's origin in the surviving body's frame
     * @param quat rotation from the fused body's frame to the surviving body's frame
     */
    public record FusedBody(String name, String intoBody, Vec3 posM, Quat quat) {}

    /**
     * @param model the fused description ({@link Model#fuseStatic()} false)
     * @param fused the bodies that disappeared, in the order they were fused
     */
    public record Result(Model model, List<FusedBody> fused) {
        public Result {
            fused = List.copyOf(fused);
        }
    }

    private final List<FusedBody> fused = new ArrayList<>();

    private StaticBodyFusion() {}

    /**
     * @param model a description
     * @return whether MuJoCo would fuse anything in it: {@link Model#fuseStatic()} is set and no
     *     element that refers to bodies, geoms or sites blocks it
     */
    public static boolean applies(Model model) {
        boolean blockingEquality =
                model.format() == SourceFormat.URDF
                        ? model.equalities().stream()
                                .anyMatch(e -> e.type() != EqualityConstraint.Type.JOINT)
                        : !model.equalities().isEmpty();
        return model.fuseStatic()
                && model.contactPairs().isEmpty()
                && model.contactExcludes().isEmpty()
                && model.tendons().isEmpty()
                && model.actuators().isEmpty()
                && !blockingEquality;
    }

    /**
     * Fuses when {@link #applies(Model)}; otherwise returns the model unchanged with no fused
     * bodies.
     *
     * @param model a description
     * @return the description MuJoCo's compiler would simulate, and what was fused
     */
    public static Result fuse(Model model) {
        if (!applies(model)) {
            return new Result(model, List.of());
        }
        StaticBodyFusion f = new StaticBodyFusion();
        Body world = f.survivor(model.world(), Vec3.ZERO, Quat.IDENTITY, true);
        Model out =
                new Model(
                        model.name(),
                        model.sourceFile(),
                        model.format(),
                        model.options(),
                        world,
                        model.meshes(),
                        model.actuators(),
                        model.tendons(),
                        model.contactPairs(),
                        model.contactExcludes(),
                        model.equalities(),
                        model.keyframes(),
                        model.warnings(),
                        false,
                        model.appearance());
        return new Result(out, f.fused);
    }

    private static boolean fusable(Body b) {
        return b.joints().isEmpty() && !b.mocap();
    }

    /** A body that stays, placed at (pos, quat) in its (surviving) parent's frame. */
    private Body survivor(Body b, Vec3 pos, Quat quat, boolean isWorld) {
        Acc acc = new Acc(b, isWorld);
        absorbChildren(acc, b.children(), Vec3.ZERO, Quat.IDENTITY);
        return new Body(
                b.name(),
                pos,
                quat,
                acc.inertial,
                b.joints(),
                acc.geoms,
                acc.sites,
                acc.children,
                b.mocap());
    }

    /**
     * Children of a body whose frame is (pos, quat) in the survivor's frame, in order: a fusable
     * child is absorbed in place (its own children following it), others are kept.
     */
    private void absorbChildren(Acc acc, List<Body> children, Vec3 pos, Quat quat) {
        for (Body c : children) {
            Vec3 cPos = pos.plus(quat.rotate(c.posM()));
            Quat cQuat = quat.times(c.quat()).normalized();
            if (!fusable(c)) {
                acc.children.add(survivor(c, cPos, cQuat, false));
                continue;
            }
            fused.add(new FusedBody(c.name(), acc.name, cPos, cQuat));
            if (!acc.isWorld && c.inertial().massKg() >= MIN_MASS_KG) {
                acc.add(c.inertial(), cPos, cQuat);
            }
            for (Geom g : c.geoms()) {
                acc.geoms.add(moved(g, cPos, cQuat));
            }
            for (Site s : c.sites()) {
                acc.sites.add(
                        new Site(
                                s.name(),
                                s.type(),
                                s.sizeM(),
                                cPos.plus(cQuat.rotate(s.posM())),
                                cQuat.times(s.quat()).normalized(),
                                s.group(),
                                s.rgba()));
            }
            absorbChildren(acc, c.children(), cPos, cQuat);
        }
    }

    private static Geom moved(Geom g, Vec3 pos, Quat quat) {
        return new Geom(
                g.name(),
                g.type(),
                g.sizeM(),
                pos.plus(quat.rotate(g.posM())),
                quat.times(g.quat()).normalized(),
                g.meshName(),
                g.friction(),
                g.condim(),
                g.contype(),
                g.conaffinity(),
                g.marginM(),
                g.densityKgPerM3(),
                g.massKg(),
                g.group(),
                g.rgba(),
                g.softness(),
                g.solmix(),
                g.gapM(),
                g.priority(),
                g.material());
    }

    /** What a surviving body collects: its own content first, then the fused bodies'. */
    private static final class Acc {
        final String name;
        final boolean isWorld;
        final List<Geom> geoms;
        final List<Site> sites;
        final List<Body> children = new ArrayList<>();
        Inertial inertial;

        Acc(Body b, boolean isWorld) {
            this.name = b.name();
            this.isWorld = isWorld;
            this.geoms = new ArrayList<>(b.geoms());
            this.sites = new ArrayList<>(b.sites());
            this.inertial = b.inertial();
        }

        /** Adds a body's mass properties, given its frame in this body's frame. */
        void add(Inertial other, Vec3 pos, Quat quat) {
            double m1 = inertial.massKg();
            double m2 = other.massKg();
            Vec3 c1 = inertial.comPosM();
            Vec3 c2 = pos.plus(quat.rotate(other.comPosM()));
            double total = m1 + m2;
            if (total < MIN_MASS_KG) {
                inertial = Inertial.NONE;
                return;
            }
            Vec3 com = c1.times(m1).plus(c2.times(m2)).times(1 / total);
            Inertia sum =
                    inertial.inertiaAboutComKgM2()
                            .plus(Inertia.pointMass(m1, c1.minus(com)))
                            .plus(other.inertiaAboutComKgM2().rotated(quat))
                            .plus(Inertia.pointMass(m2, c2.minus(com)));
            inertial =
                    new Inertial(
                            total,
                            com,
                            sum,
                            inertial.computedFromGeoms() && other.computedFromGeoms());
        }
    }
}

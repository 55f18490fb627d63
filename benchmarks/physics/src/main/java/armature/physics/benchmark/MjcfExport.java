package armature.physics.benchmark;

import armature.physics.model.MultibodyModel;
import armature.robot.model.ActuatorType;
import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link MultibodyModel} as MJCF so MuJoCo can run exactly the same model, for speed and
 * behaviour comparisons. Contact softness is not translated (MuJoCo's solref/solimp mean other
 * things, see ADR 0020); MuJoCo's defaults are used.
 *
 * <p>Usage: {@code java -cp ... armature.physics.benchmark.MjcfExport out.xml [--no-contacts]}
 */
public final class MjcfExport {
    private MjcfExport() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "shadow_like_block.xml");
        boolean contacts = !(args.length > 1 && args[1].equals("--no-contacts"));
        Files.writeString(out, toMjcf(ShadowLikeHand.build(0.002, contacts)));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    static String toMjcf(MultibodyModel m) {
        StringBuilder s = new StringBuilder();
        s.append("<mujoco model=\"").append(m.name).append("\">\n<compiler angle=\"radian\"/>\n");
        s.append(
                String.format(
                        Locale.ROOT,
                        "<option timestep=\"%s\" gravity=\"%s\" iterations=\"%d\" integrator=\"%s\" cone=\"elliptic\"/>\n",
                        num(m.timestepSeconds),
                        vec(m.gravityMPerS2, 0, 3),
                        m.solverIterations,
                        m.integrator == armature.physics.model.Integrator.RK4 ? "RK4" : "Euler"));
        if (m.nmesh > 0) {
            s.append("<asset>\n");
            for (int k = 0; k < m.nmesh; k++) {
                s.append("  <mesh name=\"mesh")
                        .append(k)
                        .append("\" vertex=\"")
                        .append(vec(m.meshVert, 3 * m.meshVertStart[k], 3 * m.meshVertCount[k]))
                        .append("\"/>\n");
            }
            s.append("</asset>\n");
        }
        s.append("<worldbody>\n");
        geomsAndSites(m, 0, s, "  ");
        for (int b = 1; b < m.nbody; b++) {
            if (m.bodyParent[b] == 0) {
                body(m, b, s, "  ");
            }
        }
        s.append("</worldbody>\n");
        if (m.ntendon > 0) {
            s.append("<tendon>\n");
            for (int t = 0; t < m.ntendon; t++) {
                s.append("  <fixed name=\"").append(m.tendonNames().get(t)).append('"');
                if (m.tendonLimited[t]) {
                    s.append(" limited=\"true\" range=\"")
                            .append(vec(m.tendonRange, 2 * t, 2))
                            .append('"');
                }
                s.append(">\n");
                for (int a = m.tendonAdr[t]; a < m.tendonAdr[t] + m.tendonNum[t]; a++) {
                    s.append("    <joint joint=\"")
                            .append(m.jointNames().get(m.tendonJoint[a]))
                            .append("\" coef=\"")
                            .append(num(m.tendonCoef[a]))
                            .append("\"/>\n");
                }
                s.append("  </fixed>\n");
            }
            s.append("</tendon>\n");
        }
        s.append("<actuator>\n");
        for (int u = 0; u < m.nu; u++) {
            boolean pos = m.actType[u] == ActuatorType.POSITION;
            s.append("  <")
                    .append(pos ? "position" : "motor")
                    .append(" name=\"")
                    .append(m.actuatorNames().get(u))
                    .append('"');
            s.append(
                            m.actOnTendon[u]
                                    ? " tendon=\"" + m.tendonNames().get(m.actTarget[u])
                                    : " joint=\"" + m.jointNames().get(m.actTarget[u]))
                    .append('"');
            s.append(" gear=\"").append(num(m.actGear[u])).append('"');
            if (pos) {
                s.append(" kp=\"").append(num(m.actGain[u])).append('"');
                if (m.actKv[u] > 0) {
                    s.append(" kv=\"").append(num(m.actKv[u])).append('"');
                }
            }
            if (m.actCtrlLimited[u]) {
                s.append(" ctrllimited=\"true\" ctrlrange=\"")
                        .append(vec(m.actCtrlRange, 2 * u, 2))
                        .append('"');
            }
            if (m.actForceLimited[u]) {
                s.append(" forcelimited=\"true\" forcerange=\"")
                        .append(vec(m.actForceRange, 2 * u, 2))
                        .append('"');
            }
            s.append("/>\n");
        }
        s.append("</actuator>\n</mujoco>\n");
        return s.toString();
    }

    private static void body(MultibodyModel m, int b, StringBuilder s, String ind) {
        s.append(ind)
                .append("<body name=\"")
                .append(m.bodyNames().get(b))
                .append("\" pos=\"")
                .append(vec(m.bodyPos, 3 * b, 3))
                .append("\" quat=\"")
                .append(vec(m.bodyQuat, 4 * b, 4))
                .append("\">\n");
        String in = ind + "  ";
        if (m.bodyMassKg[b] > 0) {
            s.append(in)
                    .append("<inertial pos=\"")
                    .append(vec(m.bodyComM, 3 * b, 3))
                    .append("\" mass=\"")
                    .append(num(m.bodyMassKg[b]))
                    .append("\" fullinertia=\"")
                    .append(vec(m.bodyInertia, 6 * b, 6))
                    .append("\"/>\n");
        }
        for (int j = m.bodyJointStart[b]; j < m.bodyJointStart[b] + m.bodyJointCount[b]; j++) {
            JointType t = m.jntType[j];
            if (t == JointType.FREE) {
                s.append(in)
                        .append("<freejoint name=\"")
                        .append(m.jointNames().get(j))
                        .append("\"/>\n");
                continue;
            }
            int dof = m.jntDofAdr[j];
            s.append(in)
                    .append("<joint name=\"")
                    .append(m.jointNames().get(j))
                    .append("\" type=\"")
                    .append(t.name().toLowerCase(Locale.ROOT))
                    .append("\" pos=\"")
                    .append(vec(m.jntPos, 3 * j, 3))
                    .append('"');
            if (t != JointType.BALL) {
                s.append(" axis=\"").append(vec(m.jntAxis, 3 * j, 3)).append('"');
            }
            if (m.jntLimited[j]) {
                s.append(" limited=\"true\" range=\"")
                        .append(vec(m.jntRange, 2 * j, 2))
                        .append('"');
            }
            s.append(
                    String.format(
                            Locale.ROOT,
                            " damping=\"%s\" armature=\"%s\" frictionloss=\"%s\"",
                            num(m.dofDamping[dof]),
                            num(m.dofArmature[dof]),
                            num(m.dofFrictionLoss[dof])));
            if (m.jntStiffness[j] > 0) {
                s.append(" stiffness=\"")
                        .append(num(m.jntStiffness[j]))
                        .append("\" springref=\"")
                        .append(num(m.jntSpringRef[j]))
                        .append('"');
            }
            s.append("/>\n");
        }
        geomsAndSites(m, b, s, in);
        for (int c = b + 1; c < m.nbody; c++) {
            if (m.bodyParent[c] == b) {
                body(m, c, s, in);
            }
        }
        s.append(ind).append("</body>\n");
    }

    private static void geomsAndSites(MultibodyModel m, int b, StringBuilder s, String ind) {
        for (int g = 0; g < m.ngeom; g++) {
            if (m.geomBody[g] != b) {
                continue;
            }
            GeomType t = m.geomType[g];
            s.append(ind)
                    .append("<geom name=\"")
                    .append(m.geomNames().get(g))
                    .append("\" type=\"")
                    .append(t.name().toLowerCase(Locale.ROOT))
                    .append('"');
            if (t == GeomType.MESH) {
                s.append(" mesh=\"mesh").append(m.geomMesh[g]).append('"');
            } else {
                int n =
                        switch (t) {
                            case SPHERE -> 1;
                            case CAPSULE, CYLINDER -> 2;
                            default -> 3;
                        };
                s.append(" size=\"")
                        .append(t == GeomType.PLANE ? "0 0 1" : vec(m.geomSize, 3 * g, n))
                        .append('"');
            }
            s.append(" pos=\"")
                    .append(vec(m.geomPos, 3 * g, 3))
                    .append("\" quat=\"")
                    .append(vec(m.geomQuat, 4 * g, 4))
                    .append("\" friction=\"")
                    .append(vec(m.geomFriction, 3 * g, 3))
                    .append("\" condim=\"")
                    .append(m.geomCondim[g])
                    .append("\" contype=\"")
                    .append(m.geomContype[g])
                    .append("\" conaffinity=\"")
                    .append(m.geomConaffinity[g])
                    .append("\" margin=\"")
                    .append(num(m.geomMargin[g]))
                    .append("\" mass=\"0\"/>\n");
        }
        for (int k = 0; k < m.nsite; k++) {
            if (m.siteBody[k] == b) {
                s.append(ind)
                        .append("<site name=\"")
                        .append(m.siteNames().get(k))
                        .append("\" pos=\"")
                        .append(vec(m.sitePos, 3 * k, 3))
                        .append("\"/>\n");
            }
        }
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static String vec(double[] a, int from, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(num(a[from + i]));
        }
        return s.toString();
    }
}

package armature.physics.reference.dynamics;

import armature.physics.model.MultibodyModel;
import armature.robot.model.ActuatorType;
import armature.robot.model.JointType;

/** Actuator and passive (spring, damper) generalised forces. */
public final class Forces {
    private Forces() {}

    /** Fills {@code qfrcActuator}, {@code actuatorForce} and {@code qfrcPassive}. */
    public static void compute(MultibodyData d) {
        MultibodyModel m = d.model;
        java.util.Arrays.fill(d.qfrcActuator, 0);
        for (int u = 0; u < m.nu; u++) {
            double ctrl = d.ctrl[u];
            if (m.actCtrlLimited[u]) {
                ctrl = Math.min(Math.max(ctrl, m.actCtrlRange[2 * u]), m.actCtrlRange[2 * u + 1]);
            }
            double gear = m.actGear[u];
            double length, rate;
            int target = m.actTarget[u];
            if (m.actOnTendon[u]) {
                length = gear * d.tendonLength[target];
                double r = 0;
                for (int a = m.tendonAdr[target];
                        a < m.tendonAdr[target] + m.tendonNum[target];
                        a++) {
                    r += m.tendonCoef[a] * d.qvel[m.jntDofAdr[m.tendonJoint[a]]];
                }
                rate = gear * r;
            } else {
                length = gear * d.qpos[m.jntQposAdr[target]];
                rate = gear * d.qvel[m.jntDofAdr[target]];
            }
            double force =
                    m.actType[u] == ActuatorType.POSITION
                            ? d.actGain[u] * (ctrl - length) - m.actKv[u] * rate
                            : d.actGain[u] * ctrl;
            if (m.actForceLimited[u]) {
                force =
                        Math.min(
                                Math.max(force, m.actForceRange[2 * u]),
                                m.actForceRange[2 * u + 1]);
            }
            d.actuatorForce[u] = force;
            if (m.actOnTendon[u]) {
                for (int a = m.tendonAdr[target];
                        a < m.tendonAdr[target] + m.tendonNum[target];
                        a++) {
                    d.qfrcActuator[m.jntDofAdr[m.tendonJoint[a]]] += gear * m.tendonCoef[a] * force;
                }
            } else {
                d.qfrcActuator[m.jntDofAdr[target]] += gear * force;
            }
        }
        for (int i = 0; i < m.nv; i++) {
            d.qfrcPassive[i] = -d.dofDamping[i] * d.qvel[i];
        }
        for (int j = 0; j < m.njnt; j++) {
            if (m.jntStiffness[j] > 0
                    && (m.jntType[j] == JointType.HINGE || m.jntType[j] == JointType.SLIDE)) {
                d.qfrcPassive[m.jntDofAdr[j]] -=
                        m.jntStiffness[j] * (d.qpos[m.jntQposAdr[j]] - m.jntSpringRef[j]);
            }
        }
    }
}

package armature.safety;

import armature.safety.thermal.WindingThermalModel;
import armature.safety.wear.JointWear;
import armature.safety.wear.WearMeter;
import armature.safety.wear.WearSnapshot;
import java.util.ArrayList;
import java.util.List;

/** Per-joint thermal derating and wear accounting, fed from measured state once per tick. */
final class JointHealth {
    private final List<JointLimits> joints;
    private final ThermalParameters thermal;
    private final WindingThermalModel[] models;
    private final WearMeter[] meters;
    private final boolean[] warned;
    private final boolean[] atLimit;

    JointHealth(SafetyConfig config, WearSnapshot initialWear) {
        joints = config.joints();
        thermal = config.thermal();
        int n = joints.size();
        models = new WindingThermalModel[n];
        meters = new WearMeter[n];
        warned = new boolean[n];
        atLimit = new boolean[n];
        double[] thresholds = config.wear().effortThresholdFractions();
        for (int i = 0; i < n; i++) {
            JointLimits j = joints.get(i);
            models[i] = new WindingThermalModel(thermal);
            meters[i] =
                    new WearMeter(
                            j.name(),
                            j.maxEffort(),
                            thresholds,
                            config.wear().reversalHysteresisRad(),
                            initialWear.joint(j.name()).orElse(JointWear.zero(j.name())));
        }
    }

    void update(long now, JointState m, double dtSeconds, boolean powered, List<SafetyEvent> sink) {
        for (int i = 0; i < models.length; i++) {
            models[i].update(m.currentAmp(i), m.temperatureDegC(i), dtSeconds);
            meters[i].update(
                    m.positionRad(i), m.velocityRadPerSec(i), m.effort(i), dtSeconds, powered);
            checkThresholds(now, i, sink);
        }
    }

    private void checkThresholds(long now, int i, List<SafetyEvent> sink) {
        double t = models[i].estimatedTemperatureDegC();
        String joint = joints.get(i).name();
        double warn = thermal.warnTemperatureDegC();
        double limit = thermal.limitTemperatureDegC();
        double hyst = thermal.hysteresisDegC();
        if (!warned[i] && t > warn) {
            warned[i] = true;
            meters[i].countOverTemperature();
            sink.add(
                    thermalEvent(
                            now,
                            SafetyEvent.Type.THERMAL_WARNING,
                            joint,
                            t,
                            "joint '"
                                    + joint
                                    + "' estimated winding temperature "
                                    + round(t)
                                    + " degC above warning "
                                    + warn
                                    + " degC; effort derated"));
        } else if (warned[i] && t < warn - hyst) {
            warned[i] = false;
            sink.add(
                    thermalEvent(
                            now,
                            SafetyEvent.Type.THERMAL_NORMAL,
                            joint,
                            t,
                            "joint '" + joint + "' cooled to " + round(t) + " degC"));
        }
        if (!atLimit[i] && t >= limit) {
            atLimit[i] = true;
            sink.add(
                    thermalEvent(
                            now,
                            SafetyEvent.Type.THERMAL_LIMIT,
                            joint,
                            t,
                            "joint '"
                                    + joint
                                    + "' estimated winding temperature "
                                    + round(t)
                                    + " degC reached limit "
                                    + limit
                                    + " degC; effort limit is zero"));
        } else if (atLimit[i] && t < limit - hyst) {
            atLimit[i] = false;
        }
    }

    private SafetyEvent thermalEvent(
            long now, SafetyEvent.Type type, String joint, double t, String msg) {
        return new SafetyEvent(
                now,
                type,
                joint,
                t,
                "["
                        + thermal.warnTemperatureDegC()
                        + ", "
                        + thermal.limitTemperatureDegC()
                        + ") degC derating",
                msg);
    }

    private static double round(double t) {
        return Math.round(t * 10) / 10.0;
    }

    double effortFraction(int joint) {
        return models[joint].allowedEffortFraction();
    }

    double estimatedTemperatureDegC(int joint) {
        return models[joint].estimatedTemperatureDegC();
    }

    WearSnapshot wearSnapshot() {
        List<JointWear> list = new ArrayList<>(meters.length);
        for (WearMeter m : meters) {
            list.add(m.snapshot());
        }
        return new WearSnapshot(list);
    }
}

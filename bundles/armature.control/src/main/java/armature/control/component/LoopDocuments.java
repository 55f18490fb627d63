package armature.control.component;

import armature.control.loop.CommandInbox;
import armature.control.loop.ControlLoopCore;
import armature.control.loop.LoopTiming;
import armature.safety.EStopSnapshot;
import armature.safety.EpochStatistics;
import armature.safety.SafetyEvent;
import armature.safety.SafetySupervisor;
import armature.safety.SensorLimitStatus;
import armature.safety.SupervisorSnapshot;
import armature.safety.wear.JointWear;
import armature.safety.wear.WearSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON documents of a loop (schemas in {@code docs/asyncapi.yaml}), as maps for the codec. */
final class LoopDocuments {
    private LoopDocuments() {}

    /** One event on the events topic. */
    static Map<String, Object> event(SafetyEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type().name());
        m.put("timeNanos", e.timeNanos());
        if (e.field() != null) {
            m.put("field", e.field());
        }
        if (Double.isFinite(e.value())) {
            m.put("value", e.value());
        }
        if (e.allowedRange() != null) {
            m.put("allowedRange", e.allowedRange());
        }
        m.put("message", e.message());
        return m;
    }

    /**
     * The retained limits document ({@code loopLimits}): per joint in frame order, the limits the
     * supervisor enforces; an unlimited (non-finite) bound is null.
     */
    static Map<String, Object> limits(List<armature.safety.JointLimits> joints) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (armature.safety.JointLimits j : joints) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", j.name());
            m.put("minPositionRad", finiteOrNull(j.minPositionRad()));
            m.put("maxPositionRad", finiteOrNull(j.maxPositionRad()));
            m.put("maxVelocityRadPerSec", finiteOrNull(j.maxVelocityRadPerSec()));
            m.put("maxAccelerationRadPerSec2", finiteOrNull(j.maxAccelerationRadPerSec2()));
            m.put("maxEffort", finiteOrNull(j.maxEffort()));
            m.put("effortUnit", j.effortUnit().symbol());
            list.add(m);
        }
        return Map.of("joints", list);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The retained e-stop document ({@code eStopState}). */
    static Map<String, Object> eStop(EStopSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().name());
        m.put("assertedSources", s.assertedSources());
        return m;
    }

    /**
     * The retained supervisor document ({@code supervisorState}); sequence numbers as unsigned
     * decimal strings, since JSON readers lose precision above 2^53.
     */
    static Map<String, Object> supervisor(SupervisorSnapshot s) {
        Map<String, String> senders = new LinkedHashMap<>();
        s.senders().forEach((name, seq) -> senders.put(name, Long.toUnsignedString(seq)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", s.epoch());
        m.put("watchdog", s.watchdog().name());
        m.put("eStop", s.eStop().name());
        m.put("senders", senders);
        m.put("velocityScaleBand", s.velocityScaleBand());
        m.put("velocityScaleSender", s.velocityScaleSender());
        m.put("sensorHold", s.sensorHold());
        List<Map<String, Object>> limits = new ArrayList<>();
        for (SensorLimitStatus l : s.sensorLimits()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("limit", l.limit());
            one.put("action", l.action());
            one.put("condition", l.condition());
            one.put("reason", l.reason());
            limits.add(one);
        }
        m.put("sensorLimits", limits);
        return m;
    }

    /** The statistics document ({@code controlStatistics}). */
    static Map<String, Object> statistics(
            LoopTiming.Snapshot timing,
            String scheduling,
            SafetySupervisor supervisor,
            CommandInbox inbox,
            ControlLoopCore core,
            long malformedCommands,
            long eventsDropped) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timing", timing);
        m.put("scheduling", scheduling);
        m.put("supervisor", supervisor.statistics());
        m.put("inbox", inbox.counts());
        m.put("epochs", epochs(supervisor, inbox, core));
        m.put("loop", core.counters());
        m.put("driverHealth", core.driverHealth());
        m.put("malformedCommandFrames", malformedCommands);
        m.put("eventsDropped", eventsDropped);
        m.put("joints", joints(supervisor, core));
        return m;
    }

    /**
     * Per joint, in the loop's order: the driver's last measured temperature, the supervisor's
     * estimated winding temperature and the wear counters since the joint was first tracked
     * (persisted across restarts). A quantity nobody measures or tracks is null.
     */
    private static List<Map<String, Object>> joints(
            SafetySupervisor supervisor, ControlLoopCore core) {
        double[] measured = core.measuredTemperaturesDegC();
        WearSnapshot wear = supervisor.wearSnapshot();
        List<String> names = core.jointNames();
        List<Map<String, Object>> list = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("joint", names.get(i));
            j.put("measuredTemperatureDegC", finiteOrNull(measured[i]));
            j.put(
                    "estimatedTemperatureDegC",
                    finiteOrNull(supervisor.estimatedWindingTemperatureDegC(i)));
            JointWear w = wear.joint(names.get(i)).orElse(null);
            j.put("totalTravelRad", w == null ? null : w.totalTravelRad());
            j.put("directionReversals", w == null ? null : w.directionReversals());
            j.put("peakAbsVelocityRadPerSec", w == null ? null : w.peakAbsVelocityRadPerSec());
            j.put("poweredSeconds", w == null ? null : w.poweredSeconds());
            j.put("overTemperatureEvents", w == null ? null : w.overTemperatureEvents());
            list.add(j);
        }
        return list;
    }

    /**
     * Per command epoch (keyed by the epoch stamped on commands), oldest first: the driver attached
     * when it began, the inbox's offered/superseded and the supervisor's applied and rejected
     * counts. Per epoch {@code offered == superseded + received (+1 pending)} and {@code received
     * == applied + rejected}.
     */
    private static List<Map<String, Object>> epochs(
            SafetySupervisor supervisor, CommandInbox inbox, ControlLoopCore core) {
        Map<Long, String> drivers = core.epochDrivers();
        Map<Long, CommandInbox.EpochCounts> offered = inbox.countsByEpoch();
        List<Map<String, Object>> list = new ArrayList<>();
        long current = supervisor.currentEpoch();
        for (EpochStatistics e : supervisor.epochStatistics()) {
            CommandInbox.EpochCounts in = offered.get(e.epoch());
            if (e.epoch() != current && e.received() == 0 && in == null) {
                continue; // an epoch that saw no command (e.g. no driver yet) says nothing
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("driver", drivers.get(e.epoch()));
            m.put("offered", in == null ? 0 : in.offered());
            m.put("superseded", in == null ? 0 : in.superseded());
            m.put("pending", in != null && in.pending());
            m.put("received", e.received());
            m.put("applied", e.applied());
            m.put("rejected", e.rejected());
            m.put("rejectedStaleEpoch", e.rejectedWrongEpoch());
            m.put("rejectedInvalid", e.rejectedInvalid());
            m.put("rejectedDuplicate", e.rejectedDuplicate());
            m.put("rejectedSequenceJump", e.rejectedSequenceJump());
            m.put("rejectedExpired", e.rejectedExpired());
            m.put("refusedEStop", e.refusedEStop());
            m.put("refusedAwaitingResync", e.refusedAwaitingResync());
            m.put("refusedSenderLimit", e.refusedSenderLimit());
            m.put("refusedSensorHold", e.refusedSensorHold());
            list.add(m);
        }
        return list;
    }
}

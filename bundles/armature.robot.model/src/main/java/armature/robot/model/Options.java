package armature.robot.model;

import armature.robot.model.geometry.Vec3;
import java.util.Map;
import java.util.Set;

/**
 * Simulation options from MJCF {@code <option>} (URDF files get the defaults).
 *
 * @param timestepSeconds integration step, &gt; 0 (MuJoCo default 0.002)
 * @param gravityMPerSec2 gravitational acceleration in world coordinates (default 0 0 -9.81)
 * @param iterations maximum constraint solver iterations, &gt; 0 (default 100)
 * @param integrator integrator name as written, for example {@code Euler}, {@code RK4}, {@code
 *     implicitfast} (default {@code Euler})
 * @param flags {@code <flag>} attributes as written (for example {@code warmstart=enable}); names
 *     from {@link #FLAG_NAMES}, values {@code enable} or {@code disable}
 * @param impratio ratio of frictional to normal contact impedance, &gt; 0 (default 1)
 * @param cone friction cone, {@code pyramidal} (default) or {@code elliptic}
 * @param tolerance solver tolerance, &gt;= 0 (default 1e-8)
 * @param solver solver as written: {@code Newton} (default), {@code CG} or {@code PGS}
 * @param noslipIterations iterations of MuJoCo's noslip post-solver, &gt;= 0 (default 0: off)
 */
public record Options(
        double timestepSeconds,
        Vec3 gravityMPerSec2,
        int iterations,
        String integrator,
        Map<String, String> flags,
        double impratio,
        String cone,
        double tolerance,
        String solver,
        int noslipIterations) {

    /** MuJoCo 2.2's {@code mjtDisableBit} flags, on unless disabled. */
    public static final Set<String> DISABLE_FLAGS =
            Set.of(
                    "constraint",
                    "equality",
                    "frictionloss",
                    "limit",
                    "contact",
                    "passive",
                    "gravity",
                    "clampctrl",
                    "warmstart",
                    "filterparent",
                    "actuation",
                    "refsafe",
                    "sensor",
                    // MuJoCo 3 additions met in files written for it.
                    "midphase",
                    "eulerdamp");

    /**
     * MuJoCo's {@code mjtEnableBit} flags (2.2, and 3's invdiscrete and island), off unless set.
     */
    public static final Set<String> ENABLE_FLAGS =
            Set.of(
                    "override",
                    "energy",
                    "fwdinv",
                    "sensornoise",
                    "multiccd",
                    "invdiscrete",
                    "island");

    /** Every flag name {@code <option><flag>} accepts. */
    public static final Set<String> FLAG_NAMES = union(DISABLE_FLAGS, ENABLE_FLAGS);

    /** Cones: MJCF {@code option/cone}. */
    public static final Set<String> CONES = Set.of("pyramidal", "elliptic");

    /** Solvers: MJCF {@code option/solver}. */
    public static final Set<String> SOLVERS = Set.of("Newton", "CG", "PGS");

    /** Options with MuJoCo's defaults for every solver setting not given. */
    public Options(
            double timestepSeconds,
            Vec3 gravityMPerSec2,
            int iterations,
            String integrator,
            Map<String, String> flags) {
        this(
                timestepSeconds,
                gravityMPerSec2,
                iterations,
                integrator,
                flags,
                1,
                "pyramidal",
                1e-8,
                "Newton",
                0);
    }

    /** Validates ranges and names, and copies the map. */
    public Options {
        if (!(timestepSeconds > 0) || !Double.isFinite(timestepSeconds)) {
            throw new IllegalArgumentException(
                    "timestepSeconds must be finite and > 0, got " + timestepSeconds);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        flags = Map.copyOf(flags);
        flags.forEach(
                (k, v) -> {
                    if (!FLAG_NAMES.contains(k)) {
                        throw new IllegalArgumentException(
                                "flag '" + k + "' is unknown; allowed: " + FLAG_NAMES);
                    }
                    if (!v.equals("enable") && !v.equals("disable")) {
                        throw new IllegalArgumentException(
                                "flag " + k + "='" + v + "': allowed enable or disable");
                    }
                });
        if (!(impratio > 0) || !Double.isFinite(impratio)) {
            throw new IllegalArgumentException("impratio must be finite and > 0, got " + impratio);
        }
        if (!CONES.contains(cone)) {
            throw new IllegalArgumentException("cone '" + cone + "': allowed " + CONES);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException(
                    "tolerance must be finite and >= 0, got " + tolerance);
        }
        if (!SOLVERS.contains(solver)) {
            throw new IllegalArgumentException("solver '" + solver + "': allowed " + SOLVERS);
        }
        if (noslipIterations < 0) {
            throw new IllegalArgumentException(
                    "noslipIterations must be >= 0, got " + noslipIterations);
        }
    }

    /**
     * @param flag a flag name from {@link #FLAG_NAMES}
     * @return whether the file switches it away from MuJoCo's default (disables an on-by-default
     *     flag or enables an off-by-default one)
     */
    public boolean changes(String flag) {
        String v = flags.get(flag);
        if (v == null) {
            return false;
        }
        return ENABLE_FLAGS.contains(flag) ? v.equals("enable") : v.equals("disable");
    }

    /**
     * @return MuJoCo's defaults
     */
    public static Options defaults() {
        return new Options(0.002, new Vec3(0, 0, -9.81), 100, "Euler", Map.of());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    /** These options with another integrator (MJCF {@code <option integrator>}, e.g. "RK4"). */
    public Options withIntegrator(String name) {
        return new Options(
                timestepSeconds,
                gravityMPerSec2,
                iterations,
                name,
                flags,
                impratio,
                cone,
                tolerance,
                solver,
                noslipIterations);
    }

    /**
     * These options with MJCF {@code <flag>}s set to {@code disable}, others kept as written.
     *
     * @param names flag names from {@link #DISABLE_FLAGS}
     * @throws IllegalArgumentException naming a flag that is not a disable flag
     */
    public Options withDisabled(String... names) {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>(flags);
        for (String n : names) {
            if (!DISABLE_FLAGS.contains(n)) {
                throw new IllegalArgumentException(
                        "'"
                                + n
                                + "' is not a disable flag; allowed: "
                                + new java.util.TreeSet<>(DISABLE_FLAGS));
            }
            f.put(n, "disable");
        }
        return new Options(
                timestepSeconds,
                gravityMPerSec2,
                iterations,
                integrator,
                java.util.Map.copyOf(f),
                impratio,
                cone,
                tolerance,
                solver,
                noslipIterations);
    }
}

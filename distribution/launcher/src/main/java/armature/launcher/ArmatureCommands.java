package armature.launcher;

import static armature.launcher.Options.ALL;
import static armature.launcher.Options.APPLY;
import static armature.launcher.Options.BATCH;
import static armature.launcher.Options.BODIES;
import static armature.launcher.Options.BROKER;
import static armature.launcher.Options.BROKER_CA;
import static armature.launcher.Options.BROKER_CERT;
import static armature.launcher.Options.BROKER_KEY;
import static armature.launcher.Options.BROKER_PASSWORD_FILE;
import static armature.launcher.Options.BROKER_USER;
import static armature.launcher.Options.CONNECTION;
import static armature.launcher.Options.CONSOLE;
import static armature.launcher.Options.CONTACT_CAPACITY;
import static armature.launcher.Options.CONTROLS;
import static armature.launcher.Options.COUNT;
import static armature.launcher.Options.DECODE;
import static armature.launcher.Options.DEVICE;
import static armature.launcher.Options.DIR;
import static armature.launcher.Options.ENGINE;
import static armature.launcher.Options.FAMILY;
import static armature.launcher.Options.FEATURES;
import static armature.launcher.Options.FLOATING_BASE;
import static armature.launcher.Options.FORCE;
import static armature.launcher.Options.HOME;
import static armature.launcher.Options.HTTP_PORT;
import static armature.launcher.Options.ID;
import static armature.launcher.Options.INTRINSICS;
import static armature.launcher.Options.JSON;
import static armature.launcher.Options.LIMITS;
import static armature.launcher.Options.LOOP;
import static armature.launcher.Options.NAME;
import static armature.launcher.Options.NO_CONSTRAINTS;
import static armature.launcher.Options.NO_CONTACTS;
import static armature.launcher.Options.OBS;
import static armature.launcher.Options.OUT;
import static armature.launcher.Options.PACKAGE;
import static armature.launcher.Options.PACKAGE_PATH;
import static armature.launcher.Options.PORT;
import static armature.launcher.Options.PRECISION;
import static armature.launcher.Options.RADIAL;
import static armature.launcher.Options.RATE;
import static armature.launcher.Options.RECORD;
import static armature.launcher.Options.RELOAD;
import static armature.launcher.Options.REPEAT;
import static armature.launcher.Options.RESET_EVERY;
import static armature.launcher.Options.ROLE;
import static armature.launcher.Options.SECONDS;
import static armature.launcher.Options.SEED;
import static armature.launcher.Options.SUBSTEPS;
import static armature.launcher.Options.TAG_SIZE;
import static armature.launcher.Options.TANGENTIAL;
import static armature.launcher.Options.TARGET;
import static armature.launcher.Options.THREADS;
import static armature.launcher.Options.TOLERANCE;
import static armature.launcher.Options.TOPIC_PREFIX;
import static armature.launcher.Options.VERBOSE;
import static armature.launcher.Options.WORLDS;
import static armature.launcher.Options.WRITE;
import static armature.launcher.Options.WS_PORT;

import armature.control.api.EStopAction;
import armature.control.api.ManagementOperation;
import armature.control.api.PolicyTopics;
import java.util.ArrayList;
import java.util.List;

/**
 * Every command of {@code armature}: the one table that the help text, the dispatch and the
 * argument checks read ({@link CommandTable} adds {@code help}). A new command is a new entry.
 */
final class ArmatureCommands {
    private ArmatureCommands() {}

    static CommandTable table() {
        List<Command> c = new ArrayList<>();
        c.add(
                Command.of(
                        "run",
                        "",
                        "start a container in the foreground (Ctrl-C stops it)",
                        List.of(
                                BROKER,
                                ID,
                                HOME,
                                VERBOSE,
                                FEATURES,
                                PORT,
                                HTTP_PORT,
                                WS_PORT,
                                CONSOLE,
                                BROKER_USER,
                                BROKER_PASSWORD_FILE,
                                BROKER_CA,
                                BROKER_CERT,
                                BROKER_KEY),
                        Main::runContainer));

        // Management: one request each (docs/cli.md)
        c.add(
                Command.of(
                        "status",
                        "",
                        "container, broker, bundles, components, readiness",
                        bus(JSON),
                        ManagementCommands::status));
        c.add(
                Command.of(
                        "bundles",
                        "",
                        "installed bundles",
                        bus(JSON),
                        ManagementCommands::bundles));
        c.add(
                bundle(
                        "bundles start",
                        "start a bundle (symbolic name or id)",
                        ManagementOperation.BUNDLES_START));
        c.add(
                bundle(
                        "bundles stop",
                        "stop a bundle (symbolic name or id)",
                        ManagementOperation.BUNDLES_STOP));
        c.add(
                Command.of(
                        "deploy",
                        "FILE.jar",
                        "install or update a bundle (hot swap)",
                        bus(JSON),
                        ManagementCommands::deploy));
        c.add(
                Command.of(
                        "undeploy",
                        "NAME",
                        "uninstall a bundle (refused when a feature needs it, unless --force)",
                        bus(JSON, FORCE),
                        inv ->
                                ManagementCommands.bundle(
                                        inv, ManagementOperation.BUNDLES_UNINSTALL)));
        c.add(
                Command.of(
                        "feature list",
                        "",
                        "features and whether they are installed",
                        bus(JSON),
                        ManagementCommands::featureList));
        c.add(
                feature(
                        "feature install",
                        "install a feature",
                        ManagementOperation.FEATURES_INSTALL));
        c.add(
                feature(
                        "feature uninstall",
                        "uninstall a feature",
                        ManagementOperation.FEATURES_UNINSTALL));
        c.add(
                Command.of(
                        "config get",
                        "PID",
                        "a configuration",
                        bus(JSON),
                        ManagementCommands::configGet));
        c.add(
                Command.of(
                        "config set",
                        "PID KEY=VALUE...",
                        "change a configuration",
                        bus(RELOAD, JSON),
                        ManagementCommands::configSet));

        // Credentials of the local container's embedded broker (docs/security.md): file
        // operations under runtime/<id>/, with or without the container running.
        c.add(
                Command.of(
                        "access add",
                        "NAME",
                        "create a broker credential; prints its password once",
                        List.of(ID, HOME, VERBOSE, ROLE, JSON),
                        inv -> {
                            String role = inv.args.get(ROLE.name(), null);
                            if (role == null) {
                                throw new Args.UsageException(
                                        "access add needs --role: operator, observer, device or"
                                                + " container (docs/security.md)");
                            }
                            return access(inv).add(inv.operands().get(0), role, inv.json());
                        }));
        c.add(
                Command.of(
                        "access list",
                        "",
                        "the credentials (names and roles, never secrets)",
                        List.of(ID, HOME, VERBOSE, JSON),
                        inv -> access(inv).list(inv.json())));
        c.add(
                Command.of(
                        "access remove",
                        "NAME",
                        "delete a credential; its clients are disconnected",
                        List.of(ID, HOME, VERBOSE),
                        inv -> access(inv).remove(inv.operands().get(0))));

        // Watching the bus
        c.add(
                Command.of(
                        "topics",
                        "",
                        "topics seen on the bus, with rates (default 2 s)",
                        bus(SECONDS, ALL),
                        TopicCommands::topics));
        c.add(
                Command.of(
                        "echo",
                        "TOPIC",
                        "decoded payloads, one per line",
                        bus(COUNT, SECONDS),
                        TopicCommands::echo));

        // Recording and replay (docs/recording.md); -o is an operand word, not an --option.
        c.add(
                new Command(
                        "record",
                        "TOPIC-FILTER... -o FILE.mcap",
                        3,
                        Integer.MAX_VALUE,
                        "record bus traffic into an MCAP file until Ctrl-C, --seconds or --count",
                        bus(SECONDS, COUNT, DECODE),
                        RecordCommand::run));
        c.add(
                Command.of(
                        "replay",
                        "FILE.mcap",
                        "publish a recording again with its timing (same topics, or --topic-prefix)",
                        bus(RATE, REPEAT, TOPIC_PREFIX),
                        ReplayCommand::run));

        // Control loops (docs/cli.md, "Control loops")
        c.add(
                Command.of(
                        "joint get",
                        "",
                        "positions, velocities and efforts by joint name",
                        bus(LOOP, JSON),
                        JointCommands::get));
        c.add(
                Command.of(
                        "joint set",
                        "NAME=VALUE...",
                        "move joints to positions [rad]; the others hold (default --seconds 5)",
                        bus(LOOP, SECONDS, TOLERANCE, JSON),
                        JointCommands::set));
        for (EStopAction a :
                List.of(EStopAction.TRIP, EStopAction.ACKNOWLEDGE, EStopAction.RESET)) {
            c.add(
                    Command.of(
                            "estop " + a.wireName(),
                            "",
                            EStopCommands.summary(a),
                            bus(LOOP, JSON),
                            inv -> EStopCommands.request(inv, a)));
        }
        c.add(
                Command.of(
                        "sensors",
                        "",
                        "third-party sensors: state, rate, last seen, counts, last refusal",
                        bus(JSON),
                        SensorCommands::list));
        c.add(
                Command.of(
                        "estop status",
                        "",
                        "the e-stop latch: CLEAR, LATCHED or ACKNOWLEDGED",
                        bus(LOOP, JSON),
                        EStopCommands::status));
        c.add(
                Command.of(
                        "loop stats",
                        "",
                        "rate, lateness, overruns, watchdog, e-stop, commands, driver",
                        bus(LOOP, JSON),
                        LoopCommands::stats));

        // Policies (docs/policy.md)
        c.add(
                Command.of(
                        "policy list",
                        "",
                        "policies, their state, loop, actions and source",
                        bus(JSON),
                        PolicyCommands::list));
        c.add(
                Command.of(
                        "policy status",
                        "NAME",
                        "one policy's state, source, revision, shape and counters",
                        bus(JSON),
                        PolicyCommands::status));
        for (PolicyTopics.Action a : PolicyTopics.Action.values()) {
            c.add(
                    Command.of(
                            "policy " + a.wireName(),
                            "NAME",
                            switch (a) {
                                case HOLD -> "pause a policy until resumed";
                                case RESUME -> "let a paused policy act again (a new episode)";
                                case RESET -> "reset a policy's recurrent state (episode start)";
                            },
                            bus(JSON),
                            inv -> PolicyCommands.request(inv, a)));
        }
        c.add(
                Command.of(
                        "policy load",
                        "FILE.armpolicy",
                        "load a policy package, or swap it in between two ticks (deploy/NAME.armpolicy)",
                        bus(NAME, JSON),
                        PolicyCommands::load));
        c.add(
                Command.of(
                        "policy shadow",
                        "FILE.armpolicy",
                        "run a candidate beside a policy (--name N); it never commands",
                        bus(NAME, JSON),
                        ShadowCommands::shadow));
        c.add(
                Command.of(
                        "policy promote",
                        "NAME",
                        "make a policy's shadow its active policy (a live swap)",
                        bus(JSON),
                        ShadowCommands::promote));
        c.add(
                Command.of(
                        "policy eval",
                        "FILE",
                        "offline inference on a CSV of observations, one action row per row",
                        bus(OBS.asRequired(), OUT.asRequired(), RESET_EVERY, LIMITS), // no bus
                        inv -> OfflinePolicyTool.run(inv, "eval")));
        c.add(
                Command.of(
                        "policy bench",
                        "FILE",
                        "offline latency (p50/p99/max) and batched throughput of a network",
                        bus(BATCH, LIMITS, JSON),
                        inv -> OfflinePolicyTool.run(inv, "bench")));
        c.add(
                Command.of(
                        "policy unload",
                        "NAME",
                        "remove a deployed policy package and its policy",
                        bus(JSON),
                        PolicyCommands::unload));

        // Offline tools
        c.add(
                Command.of(
                        "new sensor",
                        "NAME",
                        "make a Maven project for a sensor bundle, built against sdk/repository",
                        List.of(DIR, PACKAGE),
                        NewSensorCommand::run));
        c.add(
                Command.of(
                        "sim info",
                        "MODEL",
                        "load an MJCF/URDF model and describe it (offline)",
                        List.of(JSON, FLOATING_BASE, PACKAGE_PATH),
                        Sim::info));
        c.add(
                Command.of(
                        "sim run",
                        "MODEL",
                        "simulate a model offline, prints whole-run and steady-state steps/s",
                        List.of(SECONDS, CONTROLS, RECORD, BODIES, ENGINE, PACKAGE_PATH),
                        Sim::run));
        c.add(
                Command.of(
                        "sim bench",
                        "MODEL",
                        "step N worlds with random controls on T threads or an OpenCL device,"
                                + " prints steps/s (offline)",
                        List.of(
                                ENGINE,
                                WORLDS,
                                THREADS,
                                SUBSTEPS,
                                SECONDS,
                                SEED,
                                NO_CONSTRAINTS,
                                NO_CONTACTS,
                                DEVICE,
                                PRECISION,
                                CONTACT_CAPACITY,
                                JSON,
                                PACKAGE_PATH),
                        Sim::bench));
        c.add(
                Command.of(
                        "vision detect",
                        "IMAGE...",
                        "square markers (AprilTag, ArUco) in PNG/JPEG images, with poses (offline)",
                        List.of(FAMILY, TAG_SIZE, INTRINSICS, JSON),
                        Vision::detect));
        c.add(
                Command.of(
                        "vision calibrate",
                        "IMAGE...",
                        "camera intrinsics and distortion from images of a chessboard or grid"
                                + " (offline; --apply puts them in a running container's"
                                + " configuration)",
                        bus(TARGET, RADIAL, TANGENTIAL, WRITE, APPLY, JSON),
                        Vision::calibrate));
        return new CommandTable(c);
    }

    /** The connection options plus {@code extra}. */
    private static List<Option> bus(Option... extra) {
        List<Option> all = new ArrayList<>(List.of(extra));
        all.addAll(CONNECTION);
        return all;
    }

    /** {@code ... NAME}: one management request {@code {"bundle": NAME}}. */
    private static Command bundle(String name, String summary, ManagementOperation op) {
        return Command.of(
                name, "NAME", summary, bus(JSON), inv -> ManagementCommands.bundle(inv, op));
    }

    /** {@code feature ... NAME}: one management request {@code {"name": NAME}}. */
    private static Command feature(String name, String summary, ManagementOperation op) {
        return Command.of(
                name, "NAME", summary, bus(JSON), inv -> ManagementCommands.feature(inv, op));
    }

    private static AccessCommand access(Invocation inv) {
        return new AccessCommand(inv.home(), inv.out, inv.err);
    }
}

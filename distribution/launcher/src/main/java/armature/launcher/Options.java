package armature.launcher;

import java.util.List;

/** The options of the command table. Common ones are declared once, here. */
final class Options {
    static final Option BROKER =
            Option.value(
                    "broker",
                    "URL",
                    "broker (default: the local container's, from runtime/<id>/broker.url)");
    static final Option ID =
            Option.value("id", "NAME", "container id (default: $ARMATURE_ID, else local)");
    static final Option HOME =
            Option.value("home", "DIR", "container home (default: $ARMATURE_HOME, else .)");
    static final Option TIMEOUT =
            Option.value("timeout", "SECONDS", "how long to wait for an answer (default 15)");
    static final Option VERBOSE = Option.flag("verbose", "log what the bus client does");
    static final Option JSON = Option.flag("json", "machine-readable output (docs/cli.md)");

    static final Option BROKER_USER =
            Option.value(
                    BrokerLogin.USER, "NAME", "broker user (default: the local 'cli' operator)");
    static final Option BROKER_PASSWORD_FILE =
            Option.value(BrokerLogin.PASSWORD_FILE, "FILE", "file holding that user's password");
    static final Option BROKER_CA =
            Option.value(BrokerLogin.CA, "FILE", "PEM certificates to trust for an ssl:// broker");
    static final Option BROKER_CERT =
            Option.value(BrokerLogin.CERT, "FILE", "PEM client certificate for an ssl:// broker");
    static final Option BROKER_KEY =
            Option.value(BrokerLogin.KEY, "FILE", "PKCS#8 PEM key of that certificate");

    /** How to log in to a broker: the CLI's commands and {@code run} with an external broker. */
    static final List<Option> LOGIN =
            List.of(BROKER_USER, BROKER_PASSWORD_FILE, BROKER_CA, BROKER_CERT, BROKER_KEY);

    /** Where the container is and how to reach it: every command that talks to one takes these. */
    static final List<Option> CONNECTION =
            List.of(
                    BROKER,
                    ID,
                    HOME,
                    TIMEOUT,
                    VERBOSE,
                    BROKER_USER,
                    BROKER_PASSWORD_FILE,
                    BROKER_CA,
                    BROKER_CERT,
                    BROKER_KEY);

    // armature new sensor (docs/sensor-sdk.md)
    static final Option DIR =
            Option.value("dir", "DIR", "where the project goes (default: ./NAME; new or empty)");
    static final Option PACKAGE =
            Option.value("package", "PACKAGE", "Java package (default: com.example.<name>)");

    static final Option FORCE =
            Option.flag("force", "even when an installed feature needs the bundle");
    static final Option ROLE =
            Option.value(
                    "role", "ROLE", "operator, observer, device or container (docs/security.md)");

    static final Option LOOP =
            Option.value("loop", "NAME", "control loop (default: the only one there is)");
    static final Option NAME =
            Option.value("name", "NAME", "policy name (default: the file name without .armpolicy)");
    static final Option OBS = Option.value("obs", "IN.csv", "observations, a header of names");
    static final Option OUT = Option.value("out", "OUT.csv", "where the actions go");
    static final Option RESET_EVERY =
            Option.value("reset-every", "K", "reset recurrent state every K rows (0: never)");
    static final Option LIMITS =
            Option.value("limits", "FILE.json", "the loop's limits document (range scaling)");
    static final Option BATCH =
            Option.value("batch", "N", "one batch size (default 1,64,1024,4096)");
    static final Option SECONDS = Option.value("seconds", "S", "how long");
    static final Option COUNT = Option.value("count", "N", "stop after N messages");
    static final Option ALL = Option.flag("all", "every topic, not only armature/#");
    static final Option TOLERANCE =
            Option.value("tolerance", "RAD", "how close counts as reached (default 0.01 rad)");

    // armature record / replay (docs/recording.md)
    static final Option DECODE =
            Option.flag("decode", "also write frames as JSON on TOPIC#decoded");
    static final Option RATE =
            Option.value("rate", "R", "replay speed: 2 = twice as fast (default 1)");
    static final Option REPEAT =
            Option.flag("repeat", "play the file again and again until Ctrl-C");
    static final Option TOPIC_PREFIX =
            Option.value("topic-prefix", "P", "publish on P + the recorded topic");

    // armature run
    static final Option FEATURES =
            Option.value(
                    "features",
                    "a,b",
                    "features to install (default: config/armature.features.cfg)");
    static final Option PORT = Option.value("port", "N", "embedded broker port (default 1883)");
    static final Option HTTP_PORT =
            Option.value(
                    "http-port",
                    "N",
                    "dashboard HTTP port on 127.0.0.1 (default 8480; 0: any free port)");
    static final Option WS_PORT =
            Option.value(
                    "ws-port",
                    "N",
                    "also MQTT over WebSocket on 127.0.0.1:N/mqtt, same logins (default off; 0: any"
                            + " free port)");
    static final Option CONSOLE = Option.flag("console", "Felix Gogo shell on the terminal");

    // armature sim: options of the offline model tools, passed through
    static final Option PACKAGE_PATH =
            Option.value("package-path", "DIR", "where package:// paths resolve").asRepeatable();
    static final Option FLOATING_BASE = Option.flag("floating-base", "the model's root is free");
    static final Option CONTROLS = Option.value("controls", "IN.csv", "control inputs over time");
    static final Option RECORD = Option.value("record", "OUT.csv", "record the trajectory");
    static final Option BODIES =
            Option.value("bodies", "NAME,...", "with --record: body world positions [m] too");
    static final Option ENGINE =
            Option.value("engine", "NAME", "physics engine: reference (default) or opencl");
    static final Option WORLDS =
            Option.value("worlds", "N", "independent worlds stepped together (default 1)");
    static final Option THREADS =
            Option.value("threads", "T", "threads the worlds are split across (default 1)");
    static final Option SEED = Option.value("seed", "N", "seed of the random controls (default 1)");
    static final Option SUBSTEPS =
            Option.value("substeps", "K", "physics steps per control step (default 1)");
    static final Option NO_CONSTRAINTS =
            Option.flag(
                    "no-constraints", "switch contacts, limits, equalities and friction loss off");
    static final Option NO_CONTACTS = Option.flag("no-contacts", "switch contacts off");
    static final Option DEVICE =
            Option.value(
                    "device",
                    "NAME",
                    "--engine opencl: auto (default), cpu, gpu, or part of a device's or platform's"
                            + " name");
    static final Option PRECISION =
            Option.value("precision", "P", "--engine opencl: float32 (default) or float64");
    static final Option CONTACT_CAPACITY =
            Option.value(
                    "contact-capacity",
                    "N",
                    "--engine opencl: contacts kept per world per step (default 48, or the"
                            + " model's bound where smaller)");

    // armature vision detect (docs/vision.md)
    static final Option FAMILY =
            Option.value("family", "F", "marker family: tag36h11 (default), aruco4x4_50, ...");
    static final Option TAG_SIZE =
            Option.value("tag-size", "M", "outer side of the black border [m], for poses");
    static final Option INTRINSICS =
            Option.value("intrinsics", "FILE", "camera intrinsics JSON (docs/vision.md)");

    // armature vision calibrate (docs/vision.md)
    static final Option TARGET =
            Option.value(
                    "target",
                    "KIND",
                    "chessboard or grid, then its size ROWSxCOLS:SQUARE_M[:SPACE_M] (docs/vision.md)");
    static final Option RADIAL =
            Option.value("radial", "N", "radial distortion terms 0..3 (default 2)");
    static final Option TANGENTIAL =
            Option.flag("tangential", "also estimate the tangential distortion p1, p2");
    static final Option WRITE =
            Option.value("write", "FILE", "write the intrinsics JSON there (for configurations)");
    static final Option APPLY =
            Option.value(
                            "apply",
                            "PID",
                            "with --write: set the running container's configuration PID's"
                                    + " intrinsics to FILE and start its component again")
                    .asRepeatable();

    // armature config set
    static final Option RELOAD =
            Option.flag(
                    "reload",
                    "put the configuration in force again even when no value changes (its"
                            + " components start again and read the files it names)");

    private Options() {}
}

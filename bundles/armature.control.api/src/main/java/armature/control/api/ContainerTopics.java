package armature.control.api;

import armature.bus.api.Topics;
import java.util.Objects;

/**
 * The topics of one container, all under {@code armature/v1/<container>/}. Every channel of {@code
 * docs/asyncapi.yaml} is built here or in {@link LoopTopics}, {@link SimTopics}, {@link
 * VisionTopics} and the other topic records; no other code writes a topic string.
 *
 * @param containerId the container id (unique per broker)
 */
public record ContainerTopics(String containerId) {
    /** Every Armature topic starts with this. */
    public static final String ROOT = Topics.ROOT;

    public ContainerTopics {
        Names.require(containerId, "container id");
    }

    public static ContainerTopics of(String containerId) {
        return new ContainerTopics(containerId);
    }

    /** Filter for everything of every container on the broker: {@code armature/v1/#}. */
    public static String everyContainerFilter() {
        return ROOT + "/#";
    }

    /**
     * The container level of a topic under {@code armature/v1/<container>/} (for a responder that
     * checks whose tree a request came in).
     *
     * @throws IllegalArgumentException when the topic is not under {@code armature/v1/} or its
     *     container level is not a valid name
     */
    public static String containerIdOf(String topic) {
        String prefix = ROOT + "/";
        if (topic == null || !topic.startsWith(prefix)) {
            throw new IllegalArgumentException(
                    "topic '" + topic + "' is not under " + prefix + "<container>/");
        }
        int end = topic.indexOf('/', prefix.length());
        return Names.require(
                topic.substring(prefix.length(), end < 0 ? topic.length() : end),
                "container level of " + topic);
    }

    /** {@code armature/v1/<container>}. */
    public String root() {
        return ROOT + "/" + containerId;
    }

    /** Filter for everything of this container: {@code armature/v1/<container>/#}. */
    public String all() {
        return root() + "/#";
    }

    /** Retained birth / last will: {@code online} or {@code offline}. */
    public String state() {
        return root() + "/state";
    }

    /** A bus client's probe of its own deliveries (not retained), every second. */
    public String busProbe(String client) {
        return root() + "/bus/probe/" + client;
    }

    /** Retained readiness summary. */
    public String status() {
        return root() + "/status";
    }

    /** Retained state of one DS component; the name becomes one level. */
    public String component(String componentName) {
        return root() + "/components/" + Names.level(componentName) + "/state";
    }

    /** Filter for every component state. */
    public String componentFilter() {
        return root() + "/components/+/state";
    }

    /** A management request topic. */
    public String management(ManagementOperation operation) {
        return managementPrefix() + operation.path();
    }

    /** {@code armature/v1/<container>/mgmt/}: what follows is the operation path. */
    public String managementPrefix() {
        return root() + "/mgmt/";
    }

    /** Filter for every management request. */
    public String managementFilter() {
        return root() + "/mgmt/#";
    }

    /**
     * Where replies to one client's requests go: {@code reply/<user>/<client>}. The user level is
     * the client's broker user name, so a broker can let each user read only its own replies.
     *
     * @param user the broker user name ({@link #ANONYMOUS_USER} on a broker without users)
     * @param client distinguishes several clients of one user (bus, cli-1234)
     */
    public String reply(String user, String client) {
        return root()
                + "/reply/"
                + Names.require(user, "user name")
                + "/"
                + Names.require(client, "client name");
    }

    /** The prefix every reply topic of this container starts with. */
    public String replyPrefix() {
        return root() + "/reply/";
    }

    /** The user level of reply topics of a client that connects without a user name. */
    public static final String ANONYMOUS_USER = "anonymous";

    /** Retained birth, health and death of one joint driver. */
    public String driverHealth(String driverName) {
        return root() + "/drivers/" + Names.level(driverName) + "/health";
    }

    /** Filter for every driver's health. */
    public String driverHealthFilter() {
        return root() + "/drivers/+/health";
    }

    /** The topics of one control loop. */
    public LoopTopics loop(String loopName) {
        return new LoopTopics(this, loopName);
    }

    /**
     * Filter for the retained state schema of every loop of this container: each running loop keeps
     * one there, so this is how a client finds the loops ({@link #loopNameOf} names them).
     */
    public String loopStateSchemaFilter() {
        return root() + "/control/+/state/schema";
    }

    /**
     * The loop level of a topic under {@code control/<loop>/} of this container.
     *
     * @throws IllegalArgumentException when the topic is not under this container's {@code
     *     control/}
     */
    public String loopNameOf(String topic) {
        String prefix = root() + "/control/";
        if (topic == null || !topic.startsWith(prefix)) {
            throw new IllegalArgumentException(
                    "topic '" + topic + "' is not under " + prefix + "<loop>/");
        }
        int end = topic.indexOf('/', prefix.length());
        return Names.require(
                topic.substring(prefix.length(), end < 0 ? topic.length() : end),
                "loop level of " + topic);
    }

    /** The topics of one simulated robot. */
    public SimTopics sim(String simName) {
        return new SimTopics(this, simName);
    }

    /** The vision topics: cameras, frames, marker detections and pose estimates. */
    public VisionTopics vision() {
        return new VisionTopics(this);
    }

    /** The topics of one running policy. */
    public PolicyTopics policy(String policyName) {
        return new PolicyTopics(this, policyName);
    }

    /**
     * {@code armature/v1/<container>/sensors/<device>}: the only subtree a {@link Role#DEVICE}
     * credential named {@code device} may publish in (see the sensors documentation).
     */
    public String sensorDevice(String device) {
        return root() + "/sensors/" + Names.require(device, "device name");
    }

    /** The topics of one third-party sensor (the id is its device's user name). */
    public SensorTopics sensor(String sensorId) {
        return new SensorTopics(this, sensorId);
    }

    /**
     * Filter for the descriptor, state and samples of every sensor of this container: one
     * subscription, so a device's descriptor is handled before the samples that follow it.
     */
    public String sensorFilter() {
        return root() + "/sensors/+/+";
    }

    /**
     * Retained document of the sensor registry ({@code armature.sensor}): every known sensor with
     * its state, rate, last-seen time and accepted/rejected counts. Outside {@code sensors/} so
     * that no device name can reach it.
     */
    public String sensorRegistryStatus() {
        return root() + "/sensor-registry/status";
    }

    /**
     * The sensor level of a topic under {@code sensors/<sensor>/} of this container.
     *
     * @throws IllegalArgumentException when the topic is not under this container's {@code
     *     sensors/} or the level is not a valid name
     */
    public String sensorIdOf(String topic) {
        String prefix = root() + "/sensors/";
        if (topic == null || !topic.startsWith(prefix)) {
            throw new IllegalArgumentException(
                    "topic '" + topic + "' is not under " + prefix + "<sensor>/");
        }
        int end = topic.indexOf('/', prefix.length());
        return Names.require(
                topic.substring(prefix.length(), end < 0 ? topic.length() : end),
                "sensor level of " + topic);
    }

    /**
     * A topic of a feature's own channel, e.g. {@code extension("heartbeat")}; each level is
     * checked. The channel must still be documented in {@code docs/asyncapi.yaml}.
     */
    public String extension(String... levels) {
        Objects.requireNonNull(levels, "levels");
        if (levels.length == 0) {
            throw new IllegalArgumentException("an extension topic needs at least one level");
        }
        return root() + "/" + Topics.join(levels);
    }
}

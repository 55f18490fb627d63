package armature.dashboard;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.CodecException;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.VisionTopics;
import armature.record.JointStateJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The live bridge of one session (PLAN decision 5): while a page of the session has its socket
 * open, the session's own bus client subscribes to the container's live topics and every message
 * becomes one JSON text message to each of the session's sockets, stamped with the bridge's receive
 * time ({@code busNs}, {@code wallMs}). Loops are found by their retained state schemas; the last
 * message of each state stream is kept so that a page that opens later starts complete. Camera
 * frames stay on the server ({@link CameraFrames}); the page is told of each and fetches the
 * newest.
 */
final class LiveFeed {
    private static final System.Logger LOG = System.getLogger(LiveFeed.class.getName());

    private final DashSession session;
    private final ContainerTopics topics;
    private final ScheduledExecutorService scheduler;
    private final long thinIntervalNanos;
    private final List<LiveSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Set<String> loops = ConcurrentHashMap.newKeySet();
    private final Map<String, JointStateJson> decoders = new ConcurrentHashMap<>();
    private final JsonCodec codec = new JsonCodec();
    private final Map<String, String> latest = new ConcurrentHashMap<>();
    private final CameraFrames frames = new CameraFrames();

    LiveFeed(DashSession session, ScheduledExecutorService scheduler, long thinIntervalNanos) {
        this.session = session;
        this.topics = ContainerTopics.of(session.bus.containerId());
        this.scheduler = scheduler;
        this.thinIntervalNanos = thinIntervalNanos;
    }

    LiveSocket newSocket() {
        return new LiveSocket(session, this, new Thinner(thinIntervalNanos), scheduler);
    }

    /**
     * Live sockets one login session may hold (a page each): every socket gets every stream, and a
     * thousand that never read stalled the control loop through the garbage they left.
     */
    static final int MAX_SOCKETS_PER_SESSION = 8;

    synchronized void add(LiveSocket s) {
        if (sockets.size() >= MAX_SOCKETS_PER_SESSION) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "live socket of "
                            + session.user
                            + " refused: the session already has "
                            + sockets.size()
                            + " open");
            s.close(
                    "at most "
                            + MAX_SOCKETS_PER_SESSION
                            + " live pages per login session; close one or log in again");
            return;
        }
        sockets.add(s);
        ObjectNode hello = JsonReplies.JSON.createObjectNode();
        hello.put("type", "hello");
        hello.put("user", session.user);
        hello.put("role", session.role.wireName());
        hello.put("container", session.bus.containerId());
        s.send(hello.toString());
        latest.values().forEach(s::send);
        if (subscriptions.isEmpty()) {
            start();
        }
    }

    synchronized void remove(LiveSocket s) {
        sockets.remove(s);
        if (sockets.isEmpty()) {
            stop();
        }
    }

    boolean hasSockets() {
        return !sockets.isEmpty();
    }

    synchronized void close() {
        for (LiveSocket s : sockets) {
            s.close("session closed");
        }
        sockets.clear();
        stop();
    }

    private void start() {
        subscribe(topics.loopStateSchemaFilter(), this::onSchema);
        subscribe(topics.status(), m -> publishState("status", "status", json(m), null));
        subscribe(
                topics.driverHealthFilter(),
                m -> {
                    ObjectNode doc = json(m);
                    String name = m.topic().substring(m.topic().lastIndexOf('/') + 1);
                    doc.put("name", doc.path("name").asText(name));
                    publishState("driver:" + name, "driver", doc, null);
                });
        // Every policy's retained status (state, pause, source, shadow, ensemble uncertainty): the
        // page's policies panel. The placeholder name only builds the filter over all policies.
        // A stopped policy clears its retained status: the page drops its row.
        subscribe(
                topics.policy("any").statusFilter(),
                m -> {
                    ObjectNode doc = json(m);
                    String name = doc.path("policy").asText(policyNameOf(m.topic()));
                    doc.put("policy", name);
                    publishState("policy:" + name, "policy", doc, null);
                },
                m -> {
                    String name = policyNameOf(m.topic());
                    ObjectNode gone = JsonReplies.JSON.createObjectNode();
                    gone.put("policy", name);
                    gone.put("removed", true);
                    clearState("policy:" + name, "policy", gone);
                });
        // The sensor registry's retained status (feature sensors): the page's sensors panel.
        subscribe(
                topics.sensorRegistryStatus(),
                m -> publishState("sensors", "sensors", json(m), null),
                m -> {
                    ObjectNode gone = JsonReplies.JSON.createObjectNode();
                    gone.put("removed", true);
                    clearState("sensors", "sensors", gone);
                });
        startVision();
    }

    /**
     * The cameras panel and the vision estimate in the 3D view: each camera's retained info, a
     * notice per frame (the page fetches the newest frame itself, one at a time), the markers found
     * in it, every object's pose estimate and, in simulation, its error against the truth. The
     * newest of each is kept for a page that opens later.
     */
    private void startVision() {
        VisionTopics vision = topics.vision();
        perCamera(vision, vision.cameraInfoFilter(), "camera");
        subscribe(
                vision.framesFilter(),
                m -> {
                    String camera = vision.cameraIdOf(m.topic());
                    CameraFrames.Frame f = frames.put(camera, m);
                    ObjectNode notice = JsonReplies.JSON.createObjectNode();
                    notice.put("cameraId", camera);
                    notice.put("seq", f.seq());
                    notice.put("timestampNs", f.timestampNs());
                    notice.put("widthPx", f.widthPx());
                    notice.put("heightPx", f.heightPx());
                    notice.put("contentType", f.contentType());
                    publishState("frame:" + camera, "frame", notice, null);
                });
        perCamera(vision, vision.markersFilter(), "markers");
        perCamera(vision, vision.cameraStatusFilter(), "cstatus");
        perObject(vision.posesFilter(), "vpose");
        perObject(vision.poseErrorsFilter(), "verror");
    }

    /**
     * A camera's JSON documents as one stream per camera, named in {@code cameraId}; a cleared
     * retained topic is {@code {"gone": true}}.
     */
    private void perCamera(VisionTopics vision, String filter, String type) {
        subscribe(
                filter,
                m -> {
                    String camera = vision.cameraIdOf(m.topic());
                    // An empty retained message clears the topic: the camera is gone.
                    ObjectNode doc =
                            m.payload().length == 0
                                    ? JsonReplies.JSON.createObjectNode().put("gone", true)
                                    : json(m);
                    doc.put("cameraId", camera);
                    publishState(type + ":" + camera, type, doc, null);
                });
    }

    /** An object's JSON documents (with their own {@code objectId}) as one stream per object. */
    private void perObject(String filter, String type) {
        subscribe(
                filter,
                m -> {
                    ObjectNode doc = json(m);
                    publishState(type + ":" + doc.path("objectId").asText(), type, doc, null);
                });
    }

    /** The camera's frame {@code seq} while kept, else its newest; null without frames. */
    CameraFrames.Frame frame(String camera, long seq) {
        return frames.get(camera, seq);
    }

    private void stop() {
        subscriptions.forEach(Subscription::cancel);
        subscriptions.clear();
        loops.clear();
        latest.clear();
        frames.clear();
    }

    private void subscribe(String filter, Consumer<Message> handler) {
        subscribe(filter, handler, m -> {});
    }

    /**
     * Subscribes; {@code cleared} gets the empty messages that clear a retained topic (a stopped
     * component's status), {@code handler} the others.
     */
    private void subscribe(String filter, Consumer<Message> handler, Consumer<Message> cleared) {
        session.bus
                .subscribe(
                        filter,
                        Qos.AT_MOST_ONCE,
                        m -> {
                            try {
                                if (m.payload().length == 0) {
                                    cleared.accept(m);
                                    return;
                                }
                                handler.accept(m);
                            } catch (RuntimeException e) {
                                LOG.log(
                                        Level.DEBUG,
                                        "live: skipped a message on " + m.topic() + ": " + e);
                            }
                        })
                .whenComplete(
                        (sub, error) -> {
                            if (error != null) {
                                LOG.log(
                                        Level.DEBUG,
                                        "live: cannot subscribe " + filter + ": " + error);
                            } else {
                                subscriptions.add(sub);
                            }
                        });
    }

    private void onSchema(Message m) {
        String loopName = topics.loopNameOf(m.topic());
        try {
            decoders.put(
                    loopName,
                    new JointStateJson(
                            JsonReplies.JSON,
                            codec.decode(m.topic(), m.payload(), FrameSchema.class)));
        } catch (CodecException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "live: no joint states of loop " + loopName + ": " + e);
            return;
        }
        if (!loops.add(loopName)) {
            return;
        }
        LoopTopics loop = topics.loop(loopName);
        subscribe(loop.state(), f -> onFrame(loopName, f));
        subscribe(
                loop.statistics(),
                x -> publishState("stats:" + loopName, "stats", json(x), loopName));
        subscribe(loop.eStop(), x -> publishState("estop:" + loopName, "estop", json(x), loopName));
        subscribe(
                loop.supervisor(),
                x -> publishState("supervisor:" + loopName, "supervisor", json(x), loopName));
        subscribe(
                loop.events(),
                x -> {
                    ObjectNode ev = stamp(json(x), "event", loopName);
                    fanOut("event/" + loopName, constant(ev.toString()), false);
                });
        // The simulator of a loop's robot is named after the loop in the sim features.
        subscribe(topics.sim(loopName).objects(), this::onObjects);
    }

    /**
     * A state frame: decoded only when some page's thinning lets it out (at most 60 of the loop's
     * 500 per second), and then once for all pages, off the bus's delivery thread when held.
     */
    private void onFrame(String loopName, Message m) {
        JointStateJson decoder = decoders.get(loopName);
        if (sockets.isEmpty() || decoder == null) {
            return;
        }
        long busNs = System.nanoTime();
        long wallMs = System.currentTimeMillis();
        byte[] frame = m.payload();
        fanOut(
                "joints/" + loopName,
                once(
                        () -> {
                            StringWriter out = new StringWriter(1024);
                            try (JsonGenerator g =
                                    JsonReplies.JSON.getFactory().createGenerator(out)) {
                                g.writeStartObject();
                                g.writeStringField("type", "joints");
                                g.writeStringField("loop", loopName);
                                decoder.writeFields(g, frame);
                                g.writeNumberField("busNs", busNs);
                                g.writeNumberField("wallMs", wallMs);
                                g.writeEndObject();
                            } catch (IOException | CodecException e) {
                                LOG.log(
                                        Level.DEBUG,
                                        "live: skipped a frame of " + loopName + ": " + e);
                                return null;
                            }
                            return out.toString();
                        }),
                true);
    }

    private void onObjects(Message m) {
        long busNs = System.nanoTime();
        JsonNode doc = json(m);
        for (JsonNode o : doc.path("objects")) {
            ObjectNode out = JsonReplies.JSON.createObjectNode();
            out.put("type", "object");
            out.put("name", o.path("name").asText());
            out.set("pos", o.path("positionM"));
            out.set("quat", o.path("quaternionWxyz"));
            out.put("timeSeconds", doc.path("timeSeconds").asDouble());
            out.put("busNs", busNs);
            out.put("wallMs", System.currentTimeMillis());
            fanOut("object/" + out.path("name").asText(), constant(out.toString()), true);
        }
    }

    private void publishState(String stream, String type, ObjectNode doc, String loopName) {
        String text = stamp(doc, type, loopName).toString();
        latest.put(stream, text);
        fanOut(stream, constant(text), true);
    }

    /** A state that is gone: forgotten for later pages, and a removal to the open ones. */
    private void clearState(String stream, String type, ObjectNode removal) {
        latest.remove(stream);
        fanOut(stream, constant(stamp(removal, type, null).toString()), true);
    }

    private static String policyNameOf(String statusTopic) {
        String[] levels = statusTopic.split("/");
        return levels[levels.length - 2];
    }

    private ObjectNode stamp(ObjectNode doc, String type, String loopName) {
        ObjectNode out = JsonReplies.JSON.createObjectNode();
        out.put("type", type);
        if (loopName != null) {
            out.put("loop", loopName);
        }
        // The bridge's own keys win; a document's key of the same name is renamed (an event's
        // type becomes eventType, the statistics' loop counters loopCounters).
        doc.fields()
                .forEachRemaining(
                        e -> {
                            String key =
                                    switch (e.getKey()) {
                                        case "type" -> "eventType";
                                        case "loop" -> loopName == null ? "loop" : "loopCounters";
                                        case "busNs", "wallMs" -> "source" + e.getKey();
                                        default -> e.getKey();
                                    };
                            out.set(key, e.getValue());
                        });
        out.put("busNs", System.nanoTime());
        out.put("wallMs", System.currentTimeMillis());
        return out;
    }

    private void fanOut(String stream, Supplier<String> json, boolean thin) {
        for (LiveSocket s : sockets) {
            s.offer(stream, json, thin);
        }
    }

    private static Supplier<String> constant(String json) {
        return () -> json;
    }

    /** Computed at the first get, by whichever page's send comes first, and then shared. */
    private static Supplier<String> once(Supplier<String> compute) {
        return new Supplier<>() {
            private String value;
            private boolean done;

            @Override
            public synchronized String get() {
                if (!done) {
                    value = compute.get();
                    done = true;
                }
                return value;
            }
        };
    }

    private static ObjectNode json(Message m) {
        try {
            JsonNode n = JsonReplies.JSON.readTree(m.payload());
            if (n instanceof ObjectNode o) {
                return o;
            }
            throw new IllegalArgumentException("not a JSON object");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}

package armature.bus.paho;

import armature.bus.api.BusProperties;
import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.RequestHandler;
import armature.bus.api.Subscription;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The container's bus: a {@link PahoMessageBus} offered as {@link MessageBus}, plus the whiteboard
 * that subscribes every registered {@link MessageHandler} and {@link RequestHandler}. Broker and
 * container id default to the framework properties {@code armature.broker.url} and {@code
 * armature.container.id} set by the launcher.
 */
@Component(
        name = "armature.bus.paho",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true,
        service = MessageBus.class)
@Designate(ocd = PahoBusComponent.Config.class)
public final class PahoBusComponent implements MessageBus {
    private static final System.Logger LOG = System.getLogger(PahoBusComponent.class.getName());

    @ObjectClassDefinition(name = "Armature MQTT 5 bus")
    public @interface Config {
        @AttributeDefinition(
                name = "Broker URL",
                description = "tcp://HOST:PORT; empty = framework property armature.broker.url")
        String brokerUrl() default "";

        @AttributeDefinition(
                name = "Container id",
                description = "empty = framework property armature.container.id")
        String containerId() default "";

        @AttributeDefinition(name = "Max reconnect delay [ms]")
        long maxReconnectDelayMillis() default 1000;
    }

    private final PahoMessageBus bus;
    private final Map<Object, List<Subscription>> whiteboard = new IdentityHashMap<>();

    @Activate
    public PahoBusComponent(BundleContext context, Config config) {
        String url = pick(config.brokerUrl(), context.getProperty("armature.broker.url"));
        String id = pick(config.containerId(), context.getProperty("armature.container.id"));
        if (url == null) {
            throw new IllegalArgumentException(
                    "no broker: set brokerUrl in configuration armature.bus.paho"
                            + " or framework property armature.broker.url");
        }
        if (id == null) {
            throw new IllegalArgumentException(
                    "no container id: set containerId in configuration armature.bus.paho"
                            + " or framework property armature.container.id");
        }
        this.bus =
                new PahoMessageBus(
                        login(context, BusSettings.of(url, id, "bus"))
                                .withReconnectDelays(
                                        Duration.ofMillis(100),
                                        Duration.ofMillis(
                                                Math.max(100, config.maxReconnectDelayMillis())))
                                .withAnnounce(true));
        bus.onFailure(reason -> stopContainer(context, reason));
        bus.start();
    }

    /**
     * The bus gave up for good (another client took over its session): a container without its bus
     * is neither controllable nor observable, so in a launcher-run container (framework property
     * {@code armature.runtime} set) the reason goes to {@code <runtime>/}{@value #EXIT_REASON_FILE}
     * for the launcher to report and exit non-zero, and the framework stops.
     */
    private static void stopContainer(BundleContext context, String reason) {
        String runtime = context.getProperty(RUNTIME_PROPERTY);
        if (runtime == null || runtime.isBlank()) {
            return;
        }
        try {
            Path dir = Path.of(runtime.trim());
            Files.createDirectories(dir);
            Path tmp = dir.resolve(EXIT_REASON_FILE + ".tmp");
            Files.writeString(tmp, reason + System.lineSeparator());
            Files.move(
                    tmp,
                    dir.resolve(EXIT_REASON_FILE),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record why the container stops: " + e);
        }
        LOG.log(Level.ERROR, "stopping the container: " + reason);
        Thread stopper =
                new Thread(
                        () -> {
                            try {
                                context.getBundle(Constants.SYSTEM_BUNDLE_ID).stop();
                            } catch (BundleException | RuntimeException e) {
                                LOG.log(Level.ERROR, "cannot stop the container: " + e);
                            }
                        },
                        "armature-bus-stop-container");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Framework property: the container's runtime folder ({@code <home>/runtime/<id>}). */
    public static final String RUNTIME_PROPERTY = "armature.runtime";

    /**
     * File under the runtime folder naming why the bus stopped the container, one line; absent
     * after a normal stop. The launcher should delete it at start and report it after the framework
     * stops.
     */
    public static final String EXIT_REASON_FILE = "exit-reason";

    @Deactivate
    void deactivate() {
        bus.close();
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            target = "(" + BusProperties.TOPIC + "=*)")
    void addMessageHandler(MessageHandler handler, Map<String, Object> props) {
        Qos qos = qosOf(props);
        List<Subscription> subs = new ArrayList<>();
        for (String filter : topicsOf(props)) {
            track(handler, subs, filter, bus.subscribe(filter, qos, handler));
        }
    }

    void removeMessageHandler(MessageHandler handler) {
        untrack(handler);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            target = "(" + BusProperties.TOPIC + "=*)")
    void addRequestHandler(RequestHandler handler, Map<String, Object> props) {
        List<Subscription> subs = new ArrayList<>();
        for (String filter : topicsOf(props)) {
            track(handler, subs, filter, bus.serve(filter, handler));
        }
    }

    void removeRequestHandler(RequestHandler handler) {
        untrack(handler);
    }

    private void track(
            Object handler,
            List<Subscription> subs,
            String filter,
            CompletionStage<Subscription> stage) {
        synchronized (whiteboard) {
            whiteboard.put(handler, subs);
        }
        stage.whenComplete(
                (sub, error) -> {
                    if (error != null) {
                        LOG.log(
                                Level.WARNING,
                                "cannot subscribe "
                                        + handler.getClass().getName()
                                        + " to '"
                                        + filter
                                        + "': "
                                        + error.getMessage());
                        return;
                    }
                    boolean stillRegistered;
                    synchronized (whiteboard) {
                        stillRegistered = whiteboard.get(handler) == subs;
                        if (stillRegistered) {
                            subs.add(sub);
                        }
                    }
                    if (!stillRegistered) {
                        sub.cancel();
                    }
                });
    }

    private void untrack(Object handler) {
        List<Subscription> subs;
        synchronized (whiteboard) {
            subs = whiteboard.remove(handler);
        }
        if (subs != null) {
            synchronized (whiteboard) {
                subs.forEach(Subscription::cancel);
            }
        }
    }

    /** Counters and connection details for status output. */
    public Map<String, Object> statistics() {
        return bus.statistics();
    }

    @Override
    public String containerId() {
        return bus.containerId();
    }

    @Override
    public String brokerUrl() {
        return bus.brokerUrl();
    }

    @Override
    public ConnectionState state() {
        return bus.state();
    }

    @Override
    public CompletionStage<Void> publish(Message message) {
        return bus.publish(message);
    }

    @Override
    public CompletionStage<Subscription> subscribe(
            String topicFilter, Qos qos, MessageHandler handler) {
        return bus.subscribe(topicFilter, qos, handler);
    }

    @Override
    public CompletionStage<Message> request(Message request, Duration timeout) {
        return bus.request(request, timeout);
    }

    static List<String> topicsOf(Map<String, Object> props) {
        Object t = props.get(BusProperties.TOPIC);
        if (t instanceof String s) {
            return List.of(s);
        }
        if (t instanceof String[] a) {
            return List.of(a);
        }
        if (t instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    static Qos qosOf(Map<String, Object> props) {
        Object q = props.get(BusProperties.QOS);
        if (q == null) {
            return Qos.AT_LEAST_ONCE;
        }
        return Qos.of(q instanceof Number n ? n.intValue() : Integer.parseInt(q.toString()));
    }

    /** Framework property: the broker user name of the container's clients. */
    public static final String USER_PROPERTY = "armature.broker.user";

    /** Framework property: its password (set by the launcher, never written to disk by it). */
    public static final String PASSWORD_PROPERTY = "armature.broker.password";

    /** Framework properties: PEM files for an ssl:// broker (CA, client certificate, its key). */
    public static final String TLS_CA_PROPERTY = "armature.broker.tls.ca";

    public static final String TLS_CERT_PROPERTY = "armature.broker.tls.cert";
    public static final String TLS_KEY_PROPERTY = "armature.broker.tls.key";

    /** Applies the launcher's credentials and TLS framework properties, where set. */
    static BusSettings login(BundleContext context, BusSettings settings) {
        String user = pick(null, context.getProperty(USER_PROPERTY));
        String password = context.getProperty(PASSWORD_PROPERTY);
        if (user != null) {
            settings =
                    settings.withCredentials(
                            new BusSettings.Credentials(
                                    user, password == null ? new char[0] : password.toCharArray()));
        }
        String ca = pick(null, context.getProperty(TLS_CA_PROPERTY));
        String cert = pick(null, context.getProperty(TLS_CERT_PROPERTY));
        String key = pick(null, context.getProperty(TLS_KEY_PROPERTY));
        if (ca != null || cert != null) {
            settings =
                    settings.withTls(
                            new BusSettings.Tls(
                                    ca == null ? null : java.nio.file.Path.of(ca),
                                    cert == null ? null : java.nio.file.Path.of(cert),
                                    key == null ? null : java.nio.file.Path.of(key)));
        }
        return settings;
    }

    private static String pick(String configured, String fallback) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return fallback == null || fallback.isBlank() ? null : fallback.trim();
    }
}

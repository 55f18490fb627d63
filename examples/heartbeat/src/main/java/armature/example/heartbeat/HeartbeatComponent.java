package armature.example.heartbeat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The smallest useful component: publishes a counter on {@code armature/v1/<container>/heartbeat}
 * so a new user sees traffic with {@code armature echo}. A template for third-party bundles: the
 * topic comes from the contract bundle's builder, the payload is a record written by Jackson, and
 * the channel is documented in {@code docs/asyncapi.yaml} (channel {@code heartbeat}).
 */
@Component(name = "armature.example.heartbeat", immediate = true)
@Designate(ocd = HeartbeatComponent.Config.class)
public final class HeartbeatComponent {
    private static final System.Logger LOG = System.getLogger(HeartbeatComponent.class.getName());

    /** Thread-safe once built; one for the class. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "Armature example heartbeat")
    public @interface Config {
        @AttributeDefinition(name = "Period [ms]", min = "10", max = "60000")
        long periodMillis() default 1000;
    }

    /**
     * One heartbeat, the payload of the {@code heartbeat} channel.
     *
     * @param count beats since the component started, the first is 1
     * @param periodMillis the configured period
     */
    public record Beat(long count, long periodMillis) {}

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-heartbeat");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicLong count = new AtomicLong();
    private final MessageBus bus;
    private final String topic;
    private final long periodMillis;

    @Activate
    public HeartbeatComponent(@Reference MessageBus bus, Config config) {
        long period = config.periodMillis();
        if (period < 10 || period > 60_000) {
            throw new IllegalArgumentException("periodMillis must be 10..60000, was " + period);
        }
        this.bus = bus;
        this.periodMillis = period;
        this.topic = ContainerTopics.of(bus.containerId()).extension("heartbeat");
        timer.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        // An exception escaping a scheduled task would silently end the heartbeat for good.
        try {
            byte[] payload =
                    JSON.writeValueAsBytes(new Beat(count.incrementAndGet(), periodMillis));
            bus.publish(
                    Message.builder(topic).payload(payload).contentType(ContentTypes.JSON).build());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.log(Level.WARNING, "heartbeat not published on " + topic, e);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}

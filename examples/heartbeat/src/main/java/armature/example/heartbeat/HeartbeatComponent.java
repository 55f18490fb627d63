package armature.example.heartbeat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
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
 * so a new user sees traffic with {@code armature echo}.
 */
@Component(name = "armature.example.heartbeat", immediate = true)
@Designate(ocd = HeartbeatComponent.Config.class)
public final class HeartbeatComponent {
    @ObjectClassDefinition(name = "Armature example heartbeat")
    public @interface Config {
        @AttributeDefinition(name = "Period [ms]", min = "10", max = "60000")
        long periodMillis() default 1000;
    }

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-heartbeat");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicLong count = new AtomicLong();

    @Activate
    public HeartbeatComponent(@Reference MessageBus bus, Config config) {
        long period = config.periodMillis();
        if (period < 10 || period > 60_000) {
            throw new IllegalArgumentException("periodMillis must be 10..60000, was " + period);
        }
        String topic = "armature/v1/" + bus.containerId() + "/heartbeat";
        timer.scheduleAtFixedRate(
                () ->
                        bus.publish(
                                Message.builder(topic)
                                        .payload(
                                                "{\"count\":"
                                                        + count.incrementAndGet()
                                                        + ",\"periodMillis\":"
                                                        + period
                                                        + "}")
                                        .contentType(ContentTypes.JSON)
                                        .build()),
                0,
                period,
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}

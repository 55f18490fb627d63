package armature.example.ftsensor;

import armature.bus.api.MessageBus;
import armature.sensor.sdk.SensorPublisher;
import java.lang.System.Logger.Level;
import java.util.Random;
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
 * The sensor {@code ft-sensor} in an Armature container: takes the container's bus, announces the
 * sensor (descriptor and {@code online}, retained) and publishes a sample of {@link FtSensorSignal}
 * at the sample rate until the bundle stops, when it says {@code offline}. Replace the simulated
 * signal with your device's reading; keep the descriptor in {@link FtSensorSignal#descriptor}.
 *
 * <p>Configuration (optional): {@code armature config set armature.example.ftsensor.FtSensor rateHz=...} (the component
 * is named after its class, which makes a valid configuration PID: a PID may not contain '-').
 */
@Component(immediate = true)
@Designate(ocd = FtSensor.Config.class)
public final class FtSensor {
    private static final System.Logger LOG = System.getLogger(FtSensor.class.getName());

    @ObjectClassDefinition(name = "Sensor ft-sensor")
    public @interface Config {
        @AttributeDefinition(name = "Sensor id (its topic level, unique in the container)")
        String sensorId() default "ft-sensor";

        @AttributeDefinition(name = "Sample rate [Hz]", min = "0.1", max = "10000")
        double rateHz() default FtSensorSignal.NOMINAL_RATE_HZ;
    }

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "sensor-ft-sensor");
                        t.setDaemon(true);
                        return t;
                    });
    private final FtSensorSignal signal = new FtSensorSignal(new Random());
    private final long startNanos = System.nanoTime();
    private final AtomicLong refused = new AtomicLong();
    private final SensorPublisher sensor;

    @Activate
    public FtSensor(@Reference MessageBus bus, Config config) {
        // The descriptor's constructor checks the registry's rules: a bad id or rate stops here.
        sensor =
                SensorPublisher.start(
                        bus, FtSensorSignal.descriptor(config.sensorId(), config.rateHz()));
        long periodNanos = Math.round(1e9 / config.rateHz());
        timer.scheduleAtFixedRate(this::sample, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void sample() {
        double tSeconds = (System.nanoTime() - startNanos) / 1e9;
        // An exception escaping a scheduled task would end the stream for good; a sample the SDK
        // refuses (out of range, wrong size) is a bug in the signal: logged once, then counted.
        try {
            sensor.publish(signal.values(tSeconds));
        } catch (RuntimeException e) {
            if (refused.getAndIncrement() == 0) {
                LOG.log(Level.WARNING, "sensor ft-sensor: sample not published: " + e.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        timer.shutdownNow();
        // a sample being published now would otherwise race the offline state (the publisher
        // refuses samples after close, so this only keeps its log quiet)
        timer.awaitTermination(1, TimeUnit.SECONDS);
        sensor.close();
    }
}

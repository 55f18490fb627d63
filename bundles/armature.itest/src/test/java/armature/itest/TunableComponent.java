package armature.itest;

import armature.bus.api.MessageBus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A component for the management test: its metadata bounds {@code speedPercent}, and it refuses
 * {@code mode = refuse} only when it activates, as a real component refuses what its metadata
 * cannot express.
 */
@Component(
        name = TunableComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        service = {})
@Designate(ocd = TunableComponent.Config.class, factory = true)
public final class TunableComponent {
    static final String PID = "armature.itest.tunable";

    /** Activations so far: a configuration put in force again starts the component again. */
    static final java.util.concurrent.atomic.AtomicInteger ACTIVATIONS =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Set by the test: the next activations refuse, as a component whose file went bad. */
    static volatile boolean refuseWhatItReads;

    @ObjectClassDefinition(name = "In-container test: tunable")
    public @interface Config {
        @AttributeDefinition(name = "Speed [%]", min = "1", max = "100")
        long speedPercent() default 50;

        @AttributeDefinition(name = "Mode", description = "Anything but 'refuse'")
        String mode() default "normal";
    }

    /**
     * Takes the bus as the control loop does (constructor reference): a refusal then goes through
     * the same SCR path as the loop's.
     */
    @Activate
    public TunableComponent(@Reference MessageBus bus, Config config) {
        if ("refuse".equals(config.mode())) {
            throw new IllegalArgumentException("mode = 'refuse'; allowed: anything else");
        }
        if (refuseWhatItReads) {
            throw new IllegalArgumentException("what it reads is bad (set by the test)");
        }
        ACTIVATIONS.incrementAndGet();
    }
}

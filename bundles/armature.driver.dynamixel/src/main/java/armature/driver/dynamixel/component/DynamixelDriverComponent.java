package armature.driver.dynamixel.component;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.driver.dynamixel.chain.ChainConfig;
import armature.driver.dynamixel.chain.CycleReport;
import armature.driver.dynamixel.chain.DynamixelChain;
import armature.driver.dynamixel.chain.JointConfig;
import armature.driver.dynamixel.controltable.XUnits;
import armature.driver.dynamixel.serial.PortLostException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One Dynamixel bus per factory configuration, registered as a {@link JointDriver}. Activation
 * validates the configuration (messages name the field), opens the port, checks that every servo
 * answers, points its indirect addresses at the per-cycle state block and arms the servos' bus
 * watchdog, so servos stop on their own if the control loop or the whole container dies.
 * Deactivation only closes the port: torque stays as it is, so a driver restart does not drop the
 * robot; the bus watchdog stops the servos if no new instance takes over.
 *
 * <p>The component registers the {@link JointDriver} service itself, and only once the bus is open
 * and every servo answered: a service registered by SCR before activation would stay in the
 * registry after a failed activation (handing out null), and control loops and driver presence
 * would see a driver that does not exist.
 */
@Component(
        name = "armature.driver.dynamixel",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        service = {})
@Designate(ocd = DynamixelDriverConfig.class, factory = true)
public final class DynamixelDriverComponent implements JointDriver {
    private static final System.Logger LOG =
            System.getLogger(DynamixelDriverComponent.class.getName());

    private final DynamixelChain chain;
    private final DynamixelJointDriver driver;
    private ServiceRegistration<JointDriver> registration;

    @Activate
    public DynamixelDriverComponent(
            DynamixelDriverConfig config, BundleContext context, Map<String, Object> properties)
            throws PortLostException {
        this(config);
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        properties.forEach(
                (k, v) -> {
                    if (!k.startsWith(".") && !k.startsWith("component.")) {
                        serviceProperties.put(k, v);
                    }
                });
        serviceProperties.put(JointDriver.NAME_PROPERTY, config.armature_driver_name());
        registration = context.registerService(JointDriver.class, this, serviceProperties);
    }

    /** For tests and embedders: opens the chain {@code config} describes; registers nothing. */
    public DynamixelDriverComponent(DynamixelDriverConfig config) throws PortLostException {
        this(config, DynamixelChain.create(chainConfig(config)));
    }

    /** For tests and embedders: wraps a chain built from {@code config}. */
    DynamixelDriverComponent(DynamixelDriverConfig config, DynamixelChain chain)
            throws PortLostException {
        int watchdogMillis = config.watchdogMillis();
        if (watchdogMillis != 0
                && (watchdogMillis < 20 || watchdogMillis > 2540 || watchdogMillis % 20 != 0)) {
            throw new IllegalArgumentException(
                    "watchdogMillis = "
                            + watchdogMillis
                            + "; allowed: 0 (off) or a multiple of 20 in [20, 2540]");
        }
        DriverOptions options = options(config);
        this.chain = chain;
        CycleReport opened = chain.open();
        if (!opened.missingIds().isEmpty()) {
            chain.close();
            throw new IllegalStateException(
                    "servo ids "
                            + opened.missingIds()
                            + " on "
                            + config.port()
                            + " did not answer a ping or could not be set up; check ids, baud rate"
                            + " and power: "
                            + opened.events());
        }
        if (!opened.events().isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Dynamixel bus " + config.port() + ": " + opened.events());
        }
        if (watchdogMillis > 0) {
            CycleReport armed = chain.armBusWatchdog(watchdogMillis);
            if (!armed.ok()) {
                chain.close();
                throw new IllegalStateException(
                        "bus watchdog could not be armed on " + config.port() + ": " + armed);
            }
        }
        try {
            driver = new DynamixelJointDriver(chain, System::nanoTime, options, watchdogMillis);
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    /**
     * Validates the command-mode, effort and temperature settings.
     *
     * @throws IllegalArgumentException naming the field, its value and the allowed range
     */
    static DriverOptions options(DynamixelDriverConfig c) {
        String[] names = c.commandModes();
        Set<DriverCommandMode> modes = EnumSet.noneOf(DriverCommandMode.class);
        for (int i = 0; names != null && i < names.length; i++) {
            try {
                modes.add(DriverCommandMode.valueOf(names[i].trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "commandModes["
                                + i
                                + "] = '"
                                + names[i]
                                + "'; allowed: POSITION, VELOCITY, EFFORT");
            }
        }
        int n = c.ids() == null ? 0 : c.ids().length;
        double[] kt = c.torqueConstantsNmPerAmp();
        requireLength("torqueConstantsNmPerAmp", kt.length, n, true);
        return new DriverOptions(modes, c.currentBasedPosition(), kt, c.overheatMarginDegC());
    }

    /**
     * Validates the configuration and builds the chain configuration.
     *
     * @throws IllegalArgumentException naming the field, its value and the allowed range
     */
    static ChainConfig chainConfig(DynamixelDriverConfig c) {
        if (c.port() == null || c.port().isBlank()) {
            throw new IllegalArgumentException("port = '" + c.port() + "'; allowed: a device path");
        }
        int[] ids = c.ids();
        String[] names = c.jointNames();
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("ids is empty; allowed: at least one servo id");
        }
        int n = ids.length;
        requireLength("jointNames", names == null ? 0 : names.length, n, false);
        int[] dirs = c.directions();
        double[] offsets = c.offsetsRad();
        double[] min = c.minPositionRad();
        double[] max = c.maxPositionRad();
        requireLength("directions", dirs.length, n, true);
        requireLength("offsetsRad", offsets.length, n, true);
        requireLength("minPositionRad", min.length, n, true);
        requireLength("maxPositionRad", max.length, n, true);
        if (min.length != max.length) {
            throw new IllegalArgumentException(
                    "minPositionRad has "
                            + min.length
                            + " values and maxPositionRad "
                            + max.length
                            + "; allowed: both empty or both "
                            + n);
        }
        List<JointConfig> joints = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JointConfig j =
                    JointConfig.of(
                            names[i],
                            ids[i],
                            dirs.length == 0 ? 1 : dirs[i],
                            offsets.length == 0 ? 0.0 : offsets[i]);
            if (min.length > 0) {
                j = window(j, i, min[i], max[i]);
            }
            joints.add(j);
        }
        return new ChainConfig(
                c.port(),
                c.baudRate(),
                c.returnDelayMicros(),
                c.hostLatencyMicros(),
                2,
                500,
                joints);
    }

    private static JointConfig window(JointConfig j, int i, double minRad, double maxRad) {
        if (!Double.isFinite(minRad) || !Double.isFinite(maxRad) || !(minRad < maxRad)) {
            throw new IllegalArgumentException(
                    "minPositionRad["
                            + i
                            + "] = "
                            + minRad
                            + ", maxPositionRad["
                            + i
                            + "] = "
                            + maxRad
                            + " (joint '"
                            + j.name()
                            + "'); allowed: finite with min < max");
        }
        long a = j.rawPosition(minRad);
        long b = j.rawPosition(maxRad);
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        int maxRaw = XUnits.POSITION_COUNTS_PER_REV - 1;
        if (lo < 0 || hi > maxRaw) {
            throw new IllegalArgumentException(
                    "minPositionRad["
                            + i
                            + "] = "
                            + minRad
                            + ", maxPositionRad["
                            + i
                            + "] = "
                            + maxRad
                            + " (joint '"
                            + j.name()
                            + "') map to raw ["
                            + lo
                            + ", "
                            + hi
                            + "]; allowed: within one servo turn, raw [0, "
                            + maxRaw
                            + "]");
        }
        return new JointConfig(j.name(), j.id(), j.direction(), j.offsetRad(), (int) lo, (int) hi);
    }

    private static void requireLength(String field, int actual, int n, boolean emptyAllowed) {
        if (actual != n && !(emptyAllowed && actual == 0)) {
            throw new IllegalArgumentException(
                    field
                            + " has "
                            + actual
                            + " values; allowed: "
                            + (emptyAllowed ? "none or " : "")
                            + "exactly "
                            + n
                            + " (one per servo id)");
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            // Users (the control loop) let go of the driver before its port closes.
            registration.unregister();
            registration = null;
        }
        chain.close();
    }

    @Override
    public List<JointDescription> joints() {
        return driver.joints();
    }

    @Override
    public long readState(
            double[] positionRad,
            double[] velocityRadPerSec,
            double[] effort,
            double[] temperatureDegC,
            int[] errorFlags) {
        return driver.readState(
                positionRad, velocityRadPerSec, effort, temperatureDegC, errorFlags);
    }

    @Override
    public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        driver.write(mode, values, effortLimit);
    }

    @Override
    public void hold() {
        driver.hold();
    }

    @Override
    public void torqueOff() {
        driver.torqueOff();
    }

    @Override
    public DriverHealth health() {
        return driver.health();
    }
}

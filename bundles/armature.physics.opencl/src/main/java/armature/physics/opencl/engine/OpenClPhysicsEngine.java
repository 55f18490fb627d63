package armature.physics.opencl.engine;

import armature.physics.api.PhysicsEngine;
import armature.physics.api.PhysicsModel;
import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.DeviceChoice;
import armature.physics.opencl.OpenClDevice;
import armature.physics.opencl.OpenClPlatforms;
import armature.physics.opencl.batch.OpenClBatch;
import armature.physics.opencl.batch.OpenClWorld;
import armature.physics.opencl.batch.Unsupported;
import java.util.List;
import java.util.Optional;

/**
 * The OpenCL engine as a {@link PhysicsEngine} ({@code physics.engine=opencl}): one world per
 * {@link #createWorld}, on the device the configuration names. Batched work (thousands of worlds
 * per call) goes through {@link OpenClBatch}. Without any OpenCL platform the engine supports no
 * model and says why in one line; simulators configured for the reference engine are unaffected
 * (one configured for {@code opencl} waits, saying why).
 */
public class OpenClPhysicsEngine implements PhysicsEngine {
    private volatile Selection selection;
    private final String deviceName;
    private final boolean float64;
    private final int contactCapacity;

    /**
     * The device in use and everything discovered: what {@code status} shows.
     *
     * @param device the chosen device, empty when none
     * @param devices every device found, described
     * @param problem why there is no device, or null
     * @param float64 whether worlds compute in double precision
     */
    public record Selection(
            Optional<OpenClDevice> device, List<String> devices, String problem, boolean float64) {}

    /**
     * Selects the first GPU, else the first CPU device, in float32, when first used: the launcher
     * creates every engine it finds (ServiceLoader), and most commands never touch this one.
     */
    public OpenClPhysicsEngine() {
        deviceName = "auto";
        float64 = false;
        contactCapacity = 0;
    }

    /**
     * @param deviceName {@code auto}, or part of a device or platform name
     * @param float64 compute in double precision
     */
    public OpenClPhysicsEngine(String deviceName, boolean float64) {
        this(deviceName, float64, 0);
    }

    /**
     * @param deviceName {@code auto}, or part of a device or platform name
     * @param float64 compute in double precision
     * @param contactCapacity contacts each world keeps per timestep, 1..{@link
     *     OpenClBatch#MAX_CONTACT_CAPACITY}; 0: {@link OpenClBatch#DEFAULT_CONTACT_CAPACITY} or the
     *     model's smaller bound
     */
    public OpenClPhysicsEngine(String deviceName, boolean float64, int contactCapacity) {
        if (contactCapacity < 0 || contactCapacity > OpenClBatch.MAX_CONTACT_CAPACITY) {
            throw new IllegalArgumentException(
                    "contactCapacity "
                            + contactCapacity
                            + " is not allowed; allowed: 1.."
                            + OpenClBatch.MAX_CONTACT_CAPACITY
                            + ", or 0 for the default");
        }
        this.deviceName = deviceName;
        this.float64 = float64;
        this.contactCapacity = contactCapacity;
        selection = select(deviceName, float64);
    }

    /**
     * Never throws: a configuration that names no device, or float64 where the chosen device has
     * none, is recorded as the problem (what {@code status} and {@link #createWorld} say), so the
     * component still reports what the machine has.
     */
    private static Selection select(String deviceName, boolean float64) {
        OpenClPlatforms.Discovery found = OpenClPlatforms.discover();
        List<String> described = found.devices().stream().map(OpenClDevice::describe).toList();
        if (!found.available()) {
            return new Selection(Optional.empty(), described, found.problem(), float64);
        }
        List<OpenClDevice> candidates = found.devices();
        if (float64 && "auto".equals(deviceName)) {
            // auto with float64: the first GPU, else CPU, that has it
            candidates = candidates.stream().filter(OpenClDevice::fp64).toList();
            if (candidates.isEmpty()) {
                return new Selection(
                        Optional.empty(),
                        described,
                        "precision float64: no device has float64; allowed: float32",
                        float64);
            }
        }
        OpenClDevice d;
        try {
            d = DeviceChoice.select(candidates, deviceName).orElseThrow();
        } catch (IllegalArgumentException e) {
            return new Selection(Optional.empty(), described, "device: " + e.getMessage(), float64);
        }
        if (float64 && !d.fp64()) {
            return new Selection(
                    Optional.empty(),
                    described,
                    "precision float64 is not allowed on " + d.describe() + "; allowed: float32",
                    float64);
        }
        return new Selection(Optional.of(d), described, null, float64);
    }

    /** The device in use (discovered on first call for the lazy constructor). */
    public Selection selection() {
        Selection s = selection;
        if (s == null) {
            synchronized (this) {
                if (selection == null) {
                    selection = select(deviceName, float64);
                }
                s = selection;
            }
        }
        return s;
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public boolean supports(PhysicsModel model) {
        return selection().device().isPresent()
                && model instanceof MultibodyModel m
                && Unsupported.reasons(m).isEmpty();
    }

    @Override
    public World createWorld(PhysicsModel model) {
        Selection s = selection();
        if (s.device().isEmpty()) {
            throw new IllegalArgumentException("the OpenCL engine has no device: " + s.problem());
        }
        if (!(model instanceof MultibodyModel m)) {
            throw new IllegalArgumentException(
                    "model '"
                            + (model == null ? "null" : model.name())
                            + "' is not a MultibodyModel built by armature.physics.model.ModelBuilder");
        }
        return OpenClWorld.open(m, s.device().get(), s.float64(), contactCapacity);
    }
}

package armature.physics.opencl.batch;

import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.KernelProgram;
import armature.physics.opencl.OpenClDevice;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * N worlds of one model stepped together on one OpenCL device. State and per-world parameters stay
 * on the device; the host moves only what it asks for: controls in, observations out. Not
 * thread-safe: one thread drives a batch. Arrays exchanged with the host are world-major ({@code
 * [world][entry]}).
 */
public final class OpenClBatch implements AutoCloseable {

    /**
     * Contacts per world per timestep when the options leave it to the engine: the Shadow hand's
     * largest count in a timestep while closing on its block (32, reference engine, 256 block
     * poses; docs/physics-opencl.md, ADR 0112) times 1.5. A model whose own bound ({@code
     * maxContacts}) is smaller keeps its bound.
     */
    public static final int DEFAULT_CONTACT_CAPACITY = 48;

    /** The largest contact capacity {@link Options#withContactCapacity} allows. */
    public static final int MAX_CONTACT_CAPACITY = 100_000;

    /**
     * @param worlds number of worlds, at least 1
     * @param float64 compute in double precision (the device must support it); float32 otherwise
     * @param seed randomization seed: world i draws the same parameters for the same seed and
     *     episode whatever the number of worlds
     * @param maxLatencySteps the largest action latency the ranges may ask for
     * @param observedBodies bodies whose poses {@link #readObservations} reports
     * @param contactCapacity contacts each world keeps per timestep (more are counted in {@link
     *     #droppedContacts()}, never written); 0: min({@link #DEFAULT_CONTACT_CAPACITY}, the
     *     model's maxContacts)
     */
    public record Options(
            int worlds,
            boolean float64,
            long seed,
            int maxLatencySteps,
            int[] observedBodies,
            int contactCapacity) {
        public Options {
            if (worlds < 1) {
                throw new IllegalArgumentException(
                        "worlds " + worlds + " is not allowed; allowed: >= 1");
            }
            if (maxLatencySteps < 0 || maxLatencySteps > 64) {
                throw new IllegalArgumentException(
                        "maxLatencySteps " + maxLatencySteps + " is not allowed; allowed: 0..64");
            }
            if (contactCapacity < 0 || contactCapacity > MAX_CONTACT_CAPACITY) {
                throw new IllegalArgumentException(
                        "contactCapacity "
                                + contactCapacity
                                + " is not allowed; allowed: 1.."
                                + MAX_CONTACT_CAPACITY
                                + ", or 0 for the default");
            }
            observedBodies = observedBodies == null ? new int[0] : observedBodies.clone();
        }

        /** Options with the default contact capacity. */
        public Options(
                int worlds, boolean float64, long seed, int maxLatencySteps, int[] observedBodies) {
            this(worlds, float64, seed, maxLatencySteps, observedBodies, 0);
        }

        public static Options of(int worlds) {
            return new Options(worlds, false, 1, 4, new int[0], 0);
        }

        public Options withFloat64(boolean on) {
            return new Options(worlds, on, seed, maxLatencySteps, observedBodies, contactCapacity);
        }

        public Options withSeed(long s) {
            return new Options(
                    worlds, float64, s, maxLatencySteps, observedBodies, contactCapacity);
        }

        public Options withObservedBodies(int... bodies) {
            return new Options(worlds, float64, seed, maxLatencySteps, bodies, contactCapacity);
        }

        /** Contacts each world keeps per timestep; 0 for the default. */
        public Options withContactCapacity(int capacity) {
            return new Options(worlds, float64, seed, maxLatencySteps, observedBodies, capacity);
        }

        /** The capacity a batch of {@code m} gets from these options. */
        public int contactCapacity(MultibodyModel m) {
            return contactCapacity > 0
                    ? contactCapacity
                    : Math.min(DEFAULT_CONTACT_CAPACITY, Math.max(1, m.maxContacts));
        }
    }

    private final MultibodyModel model;
    private final OpenClDevice device;
    private final Options options;
    private final int n, nuPad, ring, paramCount, obsSize, contactCapacity;
    private final int realBytes;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;
    private final cl_kernel stepKernel, resetKernel, observeKernel;
    private final cl_mem qpos, qvel, ctrlIn, ctrlRing, ringHead, latency, prm, status, steps;
    private final cl_mem episode, actForce, ranges, which, obsBodies, obsCount, obs;
    private final cl_mem contactCount, droppedContacts, solverIterations;

    /** The constraint stage's inverse weights, warm starts and dropped-row counts. */
    private final cl_mem invWeight, warm, warmOk, droppedRows, mocap;

    /**
     * The last timestep's contacts per world (recordContacts): 8 reals and 2 geoms each,
     * world-major at {@code w * capacity}; 8-byte placeholders until asked for.
     */
    private cl_mem recReals, recGeoms;

    private boolean recording, recordedSinceStart;

    /** The step kernel's arguments by position (batch.cl's batch_step), for setting one alone. */
    private static final int STEP_ARG_SUBSTEPS = 1, STEP_ARG_RECORDING = 20;

    /** What the step and observation kernels' arguments were last set to. */
    private boolean stepArgsSet, observeArgsSet, argRecording;

    private int argSubsteps;
    private cl_mem argRecReals;

    /** Pinned host copies for {@link #advance}: made on its first call, reused after. */
    private java.nio.ByteBuffer stageControls, stageObservations, stageStatus;

    private long recordBytes;
    private final long deviceBytes;
    private final long privateBytes;
    private final long[] workingBytes = new long[4];
    private final List<cl_mem> created = new java.util.ArrayList<>();
    private final List<cl_kernel> kernels = new java.util.ArrayList<>();
    private RandomizationRanges current = RandomizationRanges.none();
    private long bytesToDevice, bytesFromDevice;
    private boolean closed;

    private OpenClBatch(MultibodyModel m, OpenClDevice device, Options o) {
        List<String> missing = Unsupported.reasons(m);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "the OpenCL engine cannot run model '"
                            + m.name
                            + "' yet; it uses: "
                            + String.join("; ", missing));
        }
        if (o.float64() && !device.fp64()) {
            throw new IllegalArgumentException(
                    "float64 was asked for, but device " + device.describe() + " has no float64");
        }
        for (int b : o.observedBodies()) {
            if (b < 0 || b >= m.nbody) {
                throw new IllegalArgumentException(
                        "observed body " + b + " is not allowed; allowed: 0.." + (m.nbody - 1));
            }
        }
        this.model = m;
        this.device = device;
        this.options = o;
        n = o.worlds();
        nuPad = Math.max(1, m.nu);
        ring = o.maxLatencySteps() + 1;
        contactCapacity = o.contactCapacity(m);
        paramCount = m.nbody + 3 * Math.max(1, m.ngeom) + 2 * m.nv + 3 * nuPad + 3 + 1;
        obsSize = m.nq + m.nv + 7 * o.observedBodies().length + 3 * m.nsite;
        realBytes = o.float64() ? Sizeof.cl_double : Sizeof.cl_float;
        long widest =
                Math.max(
                        Math.max((long) paramCount, (long) nuPad * ring),
                        Math.max((long) m.nq, (long) m.nv));
        if (widest * n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "worlds "
                            + n
                            + " is not allowed for model '"
                            + m.name
                            + "'; allowed: up to "
                            + Integer.MAX_VALUE / widest
                            + " (the kernels index buffers of "
                            + widest
                            + " entries per world with 32-bit integers)");
        }
        CL.setExceptionsEnabled(true);
        cl_context ctx = null;
        cl_command_queue q = null;
        cl_program prog = null;
        try {
            ctx =
                    CL.clCreateContext(
                            null, 1, new cl_device_id[] {device.deviceId()}, null, null, null);
            q = queue(ctx, device);
            prog =
                    KernelProgram.build(
                            ctx,
                            device,
                            "batch.cl (" + m.name + ")",
                            ModelSource.of(m, o.float64(), ring, contactCapacity),
                            ModelSource.options(m, o.float64()));
            context = ctx;
            queue = q;
            program = prog;
            stepKernel = kernel(prog, "batch_step");
            resetKernel = kernel(prog, "batch_reset");
            observeKernel = kernel(prog, "batch_observe");
            long real = realBytes;
            qpos = buffer(real * m.nq * n);
            qvel = buffer(real * m.nv * n);
            ctrlIn = buffer(real * nuPad * n);
            ctrlRing = buffer(real * nuPad * ring * n);
            ringHead = buffer(4L * n);
            latency = buffer(4L * n);
            prm = buffer(real * paramCount * n);
            status = buffer(4L * n);
            steps = buffer(8L * n);
            episode = buffer(4L * n);
            actForce = buffer(real * nuPad * n);
            ranges = buffer(real * RandomizationRanges.SIZE);
            which = buffer(4L * n);
            obsBodies = buffer(4L * Math.max(1, o.observedBodies().length));
            obsCount = buffer(4L * n);
            obs = buffer(real * Math.max(1, obsSize) * n);
            contactCount = buffer(4L * n);
            droppedContacts = buffer(4L * n);
            solverIterations = buffer(4L * n);
            boolean constraints = ConstraintSource.needed(m);
            invWeight = buffer(real * (2L * m.nbody + m.nv + Math.max(1, m.ntendon) + 1));
            warm = buffer(constraints ? real * m.nv * n : 8);
            warmOk = buffer(4L * n);
            droppedRows = buffer(4L * n);
            mocap = buffer(real * 7 * Math.max(1, m.nmocap) * n);
            recReals = buffer(8);
            recGeoms = buffer(8);
            if (constraints) {
                inverseWeights();
            }
            deviceBytes =
                    real
                                    * ((long) m.nq
                                            + m.nv
                                            + 2L * nuPad
                                            + (long) nuPad * ring
                                            + paramCount
                                            + obsSize
                                            + 7L * m.nmocap)
                            + 4L * 11
                            + 8
                            + (constraints ? real * m.nv : 0);
            long[] priv = new long[1];
            CL.clGetKernelWorkGroupInfo(
                    stepKernel,
                    device.deviceId(),
                    org.jocl.CL.CL_KERNEL_PRIVATE_MEM_SIZE,
                    Sizeof.cl_ulong,
                    Pointer.to(priv),
                    null);
            privateBytes = priv[0];
            sizes();
            checkWorkingSetFitsTheStack();
            int[] zeros = new int[n];
            write(episode, zeros);
            write(obsCount, zeros);
            write(obsBodies, o.observedBodies().length == 0 ? new int[1] : o.observedBodies());
            setRanges(RandomizationRanges.none());
            resetAll();
        } catch (RuntimeException e) {
            // nothing the driver allocated may outlive a batch that was never made
            for (cl_mem b : created) {
                CL.clReleaseMemObject(b);
            }
            for (cl_kernel k : kernels) {
                CL.clReleaseKernel(k);
            }
            if (prog != null) {
                CL.clReleaseProgram(prog);
            }
            if (q != null) {
                CL.clReleaseCommandQueue(q);
            }
            if (ctx != null) {
                CL.clReleaseContext(ctx);
            }
            throw e;
        }
        bytesToDevice = 0;
        bytesFromDevice = 0;
    }

    /** A command queue: OpenCL 2.0's call where the device has it, 1.2's otherwise. */
    @SuppressWarnings("deprecation")
    private static cl_command_queue queue(cl_context ctx, OpenClDevice device) {
        if (device.version().startsWith("OpenCL 1.")) {
            return CL.clCreateCommandQueue(ctx, device.deviceId(), 0, null);
        }
        return CL.clCreateCommandQueueWithProperties(ctx, device.deviceId(), null, null);
    }

    private cl_kernel kernel(cl_program prog, String name) {
        cl_kernel k = CL.clCreateKernel(prog, name, null);
        kernels.add(k);
        return k;
    }

    /**
     * Compiles the model for the device and resets every world (episode 1, parameters drawn from
     * {@link RandomizationRanges#none()} until {@link #setRanges} says otherwise).
     *
     * @throws IllegalArgumentException when the model uses what the kernels do not compute yet
     *     ({@link Unsupported#reasons}), or float64 on a device without it
     * @throws armature.physics.opencl.KernelBuildException with the compiler's log
     */
    public static OpenClBatch create(MultibodyModel model, OpenClDevice device, Options options) {
        return new OpenClBatch(model, device, options);
    }

    public int worlds() {
        return n;
    }

    public MultibodyModel model() {
        return model;
    }

    public OpenClDevice device() {
        return device;
    }

    public boolean float64() {
        return options.float64();
    }

    /**
     * Entries per world in {@link #readObservations}: nq + nv + 7 per observed body + 3 per site.
     */
    public int observationSize() {
        return obsSize;
    }

    /**
     * Private memory one work-item of the step kernel uses, as the driver reports it ({@code
     * CL_KERNEL_PRIVATE_MEM_SIZE}; 0 where the driver does not tell): the world's working set
     * during a step (poses, mass matrix, contacts, constraint rows). On a GPU it decides occupancy.
     */
    public long privateBytesPerWorld() {
        return privateBytes;
    }

    /**
     * Contacts each world keeps per timestep ({@link Options#contactCapacity(MultibodyModel)}); the
     * constraint stage's row capacity is sized from it.
     */
    public int contactCapacity() {
        return contactCapacity;
    }

    /**
     * One world's working structures during a step in the compiled program, bytes, as the device
     * compiler lays them out ({@code sizeof}): the state and kinematics (Data), the parameters, the
     * contact buffer ({@link #contactCapacity()} contacts) and the constraint rows sized from it;
     * the last two are 0 where the model has no contacts or constraints. Of the step kernel's
     * private memory, these are the parts a contact capacity decides.
     *
     * @return {Data, Params, Contacts, Efc}
     */
    public long[] workingBytesPerWorld() {
        return workingBytes.clone();
    }

    /**
     * Starts or stops keeping each world's contacts of the last timestep of every {@link #step} on
     * the device for {@link #contacts(int)}: the first start allocates {@link #contactCapacity()} x
     * (8 reals + 2 ints) per world; while on, every timestep writes its contacts over the previous
     * one's (device memory only, so the buffer matches {@link #contactCounts()} even for a world
     * that stopped mid-call; nothing moves to the host until {@link #contacts(int)} asks).
     */
    public void recordContacts(boolean on) {
        check();
        if (on && recordBytes == 0) {
            long slots = (long) contactCapacity * n;
            cl_mem reals = buffer((long) realBytes * 8 * slots);
            cl_mem geoms = buffer(4L * 2 * slots);
            CL.clReleaseMemObject(recReals);
            CL.clReleaseMemObject(recGeoms);
            created.remove(recReals);
            created.remove(recGeoms);
            recReals = reals;
            recGeoms = geoms;
            recordBytes = contactCapacity * (8L * realBytes + 8);
        }
        if (on && !recording) {
            recordedSinceStart = false;
        }
        recording = on;
    }

    /** True while {@link #recordContacts} keeps the contacts. */
    public boolean recordsContacts() {
        return recording;
    }

    /**
     * World {@code w}'s contacts of the last timestep of the last {@link #step} (none after a
     * reset, or before the first step since recording started), read back now: geoms, position,
     * normal (geom1 to geom2), distance and the normal force the constraint solver applied (0
     * without constraints), in the order the engine found them. Moves 4 + (8 reals + 8 bytes) per
     * contact from the device.
     *
     * @throws IllegalStateException when {@link #recordContacts} was not on for that step
     */
    public List<armature.physics.api.ContactPoint> contacts(int w) {
        check();
        if (w < 0 || w >= n) {
            throw new IllegalArgumentException(
                    "world " + w + " is not allowed; allowed: 0.." + (n - 1));
        }
        if (!recording) {
            throw new IllegalStateException(
                    "contacts are read back only while recordContacts(true) is on");
        }
        if (!recordedSinceStart) {
            return List.of(); // no step since recording started
        }
        int[] count = new int[1];
        CL.clEnqueueReadBuffer(
                queue, contactCount, CL_TRUE, 4L * w, 4, Pointer.to(count), 0, null, null);
        bytesFromDevice += 4;
        int c = count[0];
        if (c == 0) {
            return List.of();
        }
        int[] geoms = new int[2 * c];
        CL.clEnqueueReadBuffer(
                queue,
                recGeoms,
                CL_TRUE,
                4L * 2 * contactCapacity * w,
                4L * 2 * c,
                Pointer.to(geoms),
                0,
                null,
                null);
        double[] r = new double[8 * c];
        long offset = (long) realBytes * 8 * contactCapacity * w, bytes = (long) realBytes * 8 * c;
        if (options.float64()) {
            CL.clEnqueueReadBuffer(
                    queue, recReals, CL_TRUE, offset, bytes, Pointer.to(r), 0, null, null);
        } else {
            float[] f = new float[8 * c];
            CL.clEnqueueReadBuffer(
                    queue, recReals, CL_TRUE, offset, bytes, Pointer.to(f), 0, null, null);
            for (int i = 0; i < f.length; i++) {
                r[i] = f[i];
            }
        }
        bytesFromDevice += 4L * 2 * c + bytes;
        List<armature.physics.api.ContactPoint> out = new java.util.ArrayList<>(c);
        for (int i = 0; i < c; i++) {
            int o = 8 * i;
            out.add(
                    new armature.physics.api.ContactPoint(
                            geoms[2 * i],
                            geoms[2 * i + 1],
                            new double[] {r[o], r[o + 1], r[o + 2]},
                            new double[] {r[o + 3], r[o + 4], r[o + 5]},
                            r[o + 6],
                            r[o + 7]));
        }
        return List.copyOf(out);
    }

    /**
     * Global device memory each world occupies between steps (state, parameters, control ring,
     * observations, counters, warm start, and the recorded contacts once {@link #recordContacts}
     * was on); {@link #privateBytesPerWorld()} is on top during a step.
     */
    public long deviceBytesPerWorld() {
        return deviceBytes + recordBytes;
    }

    /** Bytes copied host to device since the batch was created (kernel arguments not counted). */
    public long bytesToDevice() {
        return bytesToDevice;
    }

    /** Bytes copied device to host since the batch was created. */
    public long bytesFromDevice() {
        return bytesFromDevice;
    }

    /**
     * New ranges for the worlds reset from now on; worlds keep their current parameters until then.
     */
    public void setRanges(RandomizationRanges r) {
        check();
        if (r.latencySteps().hi() > options.maxLatencySteps()) {
            throw new IllegalArgumentException(
                    "latencySteps up to "
                            + (int) r.latencySteps().hi()
                            + " is not allowed; allowed: up to maxLatencySteps "
                            + options.maxLatencySteps());
        }
        writeReals(ranges, r.toArray());
        current = r;
    }

    public RandomizationRanges ranges() {
        return current;
    }

    /** Sets every world's controls (world-major, nu per world), applied from the next step. */
    public void setControls(double[] controls) {
        check();
        writeReals(ctrlIn, controlsSoa(controls));
    }

    /** The controls checked and laid out as the device keeps them (actuator-major). */
    private double[] controlsSoa(double[] controls) {
        int nu = model.nu;
        if (controls.length != n * nu) {
            throw new IllegalArgumentException(
                    "controls has "
                            + controls.length
                            + " entries; expected worlds x nu = "
                            + n * nu);
        }
        double[] soa = new double[nuPad * n];
        for (int w = 0; w < n; w++) {
            for (int u = 0; u < nu; u++) {
                double c = controls[w * nu + u];
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException(
                            "controls["
                                    + (w * nu + u)
                                    + "] (world "
                                    + w
                                    + ", actuator "
                                    + u
                                    + ") is "
                                    + c
                                    + "; allowed: finite");
                }
                soa[u * n + w] = c;
            }
        }
        return soa;
    }

    /**
     * One control step the way a learning loop takes it: every world's controls in, {@code
     * substeps} timesteps, every world's observations and status out, waiting for the device once.
     * The same results as {@link #setControls}, {@link #step}, {@link #readObservations} and {@link
     * #status} in turn, which wait four times: here the copies are queued behind the step in the
     * (in-order) queue from and to pinned host buffers, and the last copy's completion stands for
     * all of them.
     *
     * @param controls world-major, nu per world; checked before anything is queued
     * @param observations filled world-major, {@link #observationSize()} per world
     * @param statusOut filled per world as {@link #status()} reports it
     */
    public void advance(double[] controls, int substeps, double[] observations, int[] statusOut) {
        check();
        checkSubsteps(substeps);
        if (observations.length != obsSize * n) {
            throw new IllegalArgumentException(
                    "observations has "
                            + observations.length
                            + " entries; expected "
                            + obsSize * n);
        }
        if (statusOut.length != n) {
            throw new IllegalArgumentException(
                    "statusOut has " + statusOut.length + " entries; expected worlds = " + n);
        }
        double[] soa = controlsSoa(controls);
        if (stageControls == null) {
            stageControls = pinned((long) realBytes * soa.length);
            stageObservations = pinned((long) realBytes * Math.max(1, obsSize) * n);
            stageStatus = pinned(4L * n);
        }
        stageControls.clear();
        if (options.float64()) {
            stageControls.asDoubleBuffer().put(soa);
        } else {
            java.nio.FloatBuffer f = stageControls.asFloatBuffer();
            for (double c : soa) {
                f.put((float) c);
            }
        }
        long in = (long) realBytes * soa.length;
        long out = (long) realBytes * obsSize * n;
        boolean done = false;
        try {
            CL.clEnqueueWriteBuffer(
                    queue, ctrlIn, CL_FALSE, 0, in, Pointer.to(stageControls), 0, null, null);
            enqueueStep(substeps);
            enqueueObserve();
            CL.clEnqueueReadBuffer(
                    queue, status, CL_FALSE, 0, 4L * n, Pointer.to(stageStatus), 0, null, null);
            if (out > 0) {
                CL.clEnqueueReadBuffer(
                        queue, obs, CL_TRUE, 0, out, Pointer.to(stageObservations), 0, null, null);
            } else {
                CL.clFinish(queue);
            }
            done = true;
        } finally {
            if (!done) {
                // nothing queued may still use the pinned buffers once this has thrown
                CL.clFinish(queue);
            }
        }
        bytesToDevice += in;
        bytesFromDevice += out + 4L * n;
        recordedSinceStart |= recording;
        if (options.float64()) {
            stageObservations.asDoubleBuffer().get(observations);
        } else {
            java.nio.FloatBuffer f = stageObservations.asFloatBuffer();
            for (int i = 0; i < observations.length; i++) {
                observations[i] = f.get(i);
            }
        }
        stageStatus.asIntBuffer().get(statusOut);
    }

    private static java.nio.ByteBuffer pinned(long bytes) {
        return java.nio.ByteBuffer.allocateDirect((int) Math.max(8, bytes))
                .order(java.nio.ByteOrder.nativeOrder());
    }

    private static void checkSubsteps(int substeps) {
        if (substeps < 1) {
            throw new IllegalArgumentException(
                    "substeps " + substeps + " is not allowed; allowed: >= 1");
        }
    }

    /**
     * One control step in every world: {@code substeps} timesteps on the device with no host
     * synchronisation in between; returns when the device is done.
     */
    public void step(int substeps) {
        check();
        checkSubsteps(substeps);
        enqueueStep(substeps);
        CL.clFinish(queue);
        recordedSinceStart |= recording;
    }

    private void enqueueStep(int substeps) {
        // Arguments stay set on a kernel between launches: only what changed is set again (each
        // clSetKernelArg is a native call, two dozen of them a measurable part of a small batch's
        // control step).
        if (!stepArgsSet) {
            int a = 0;
            argInt(stepKernel, a++, n);
            argInt(stepKernel, a++, substeps);
            argReal(stepKernel, a++, model.timestepSeconds);
            for (cl_mem b :
                    new cl_mem[] {
                        qpos,
                        qvel,
                        ctrlIn,
                        ctrlRing,
                        ringHead,
                        latency,
                        prm,
                        status,
                        steps,
                        actForce,
                        contactCount,
                        droppedContacts,
                        solverIterations,
                        invWeight,
                        warm,
                        warmOk,
                        droppedRows
                    }) {
                argMem(stepKernel, a++, b);
            }
            if (a != STEP_ARG_RECORDING) {
                throw new IllegalStateException("batch_step's arguments moved: record is " + a);
            }
            argInt(stepKernel, a++, recording ? 1 : 0);
            argMem(stepKernel, a++, recReals);
            argMem(stepKernel, a++, recGeoms);
            argMem(stepKernel, a++, mocap);
            stepArgsSet = true;
            argSubsteps = substeps;
            argRecording = recording;
            argRecReals = recReals;
        }
        if (substeps != argSubsteps) {
            argInt(stepKernel, STEP_ARG_SUBSTEPS, substeps);
            argSubsteps = substeps;
        }
        if (recording != argRecording) {
            argInt(stepKernel, STEP_ARG_RECORDING, recording ? 1 : 0);
            argRecording = recording;
        }
        if (recReals != argRecReals) {
            argMem(stepKernel, STEP_ARG_RECORDING + 1, recReals);
            argMem(stepKernel, STEP_ARG_RECORDING + 2, recGeoms);
            argRecReals = recReals;
        }
        run(stepKernel, n);
    }

    /** Resets every world; see {@link #reset(int[])}. */
    public void resetAll() {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        reset(all);
    }

    /**
     * Resets the listed worlds to qpos0, zero velocity and controls, step 0, and draws their
     * parameters for a new episode from the current ranges.
     */
    public void reset(int[] worlds) {
        check();
        if (worlds.length == 0) {
            return;
        }
        if (worlds.length > n) {
            throw new IllegalArgumentException("more worlds to reset than there are (" + n + ")");
        }
        java.util.BitSet seen = new java.util.BitSet(n);
        for (int w : worlds) {
            if (w < 0 || w >= n) {
                throw new IllegalArgumentException(
                        "world " + w + " is not allowed; allowed: 0.." + (n - 1));
            }
            if (seen.get(w)) {
                throw new IllegalArgumentException(
                        "world " + w + " is listed twice; allowed: each world once per reset");
            }
            seen.set(w);
        }
        write(which, worlds);
        int a = 0;
        argInt(resetKernel, a++, n);
        argInt(resetKernel, a++, worlds.length);
        argMem(resetKernel, a++, which);
        argInt(resetKernel, a++, (int) options.seed());
        argInt(resetKernel, a++, (int) (options.seed() >>> 32));
        for (cl_mem b :
                new cl_mem[] {
                    ranges,
                    qpos,
                    qvel,
                    ctrlIn,
                    ctrlRing,
                    ringHead,
                    latency,
                    prm,
                    status,
                    steps,
                    episode,
                    actForce,
                    contactCount,
                    droppedContacts,
                    solverIterations,
                    warmOk,
                    droppedRows,
                    obsCount,
                    mocap
                }) {
            argMem(resetKernel, a++, b);
        }
        run(resetKernel, worlds.length);
        CL.clFinish(queue);
    }

    /** Observations of every world, world-major, {@link #observationSize()} per world. */
    public void readObservations(double[] out) {
        check();
        if (out.length != obsSize * n) {
            throw new IllegalArgumentException(
                    "out has " + out.length + " entries; expected " + obsSize * n);
        }
        enqueueObserve();
        readReals(obs, out);
    }

    private void enqueueObserve() {
        if (!observeArgsSet) {
            int a = 0;
            argInt(observeKernel, a++, n);
            argInt(observeKernel, a++, options.observedBodies().length);
            argMem(observeKernel, a++, obsBodies);
            argInt(observeKernel, a++, (int) options.seed());
            argInt(observeKernel, a++, (int) (options.seed() >>> 32));
            for (cl_mem b : new cl_mem[] {qpos, qvel, prm, episode, obsCount, obs, mocap}) {
                argMem(observeKernel, a++, b);
            }
            observeArgsSet = true;
        }
        run(observeKernel, n);
    }

    /** Generalised positions of every world, world-major (nq each). */
    public void readQpos(double[] out) {
        readSoa(qpos, model.nq, out, "qpos");
    }

    /** Generalised velocities of every world, world-major (nv each). */
    public void readQvel(double[] out) {
        readSoa(qvel, model.nv, out, "qvel");
    }

    /** Actuator forces of the last step, world-major (nu each). */
    public void readActuatorForces(double[] out) {
        readSoa(actForce, model.nu, out, "actuatorForces", nuPad);
    }

    /** Replaces one world's state (qpos normalised quaternions are the caller's business). */
    public void writeState(int world, double[] q, double[] v) {
        writeState(world, q, v, 0);
    }

    /**
     * Replaces one world's state and its step count (its time in timesteps); a world stopped
     * because it diverged runs again from the written state.
     */
    public void writeState(int world, double[] q, double[] v, long stepCount) {
        check();
        if (stepCount < 0) {
            throw new IllegalArgumentException(
                    "stepCount " + stepCount + " is not allowed; allowed: >= 0");
        }
        if (world < 0 || world >= n || q.length != model.nq || v.length != model.nv) {
            throw new IllegalArgumentException(
                    "writeState needs world 0.."
                            + (n - 1)
                            + ", nq "
                            + model.nq
                            + " and nv "
                            + model.nv);
        }
        for (int i = 0; i < model.nq; i++) {
            writeOne(qpos, (long) i * n + world, q[i]);
        }
        for (int i = 0; i < model.nv; i++) {
            writeOne(qvel, (long) i * n + world, v[i]);
        }
        // the state changed from outside: the next constraint solve starts cold, as the
        // reference engine's writeState drops its warm start
        CL.clEnqueueWriteBuffer(
                queue, warmOk, CL_TRUE, 4L * world, 4, Pointer.to(new int[] {0}), 0, null, null);
        // a written finite state runs again, and its time starts where the caller says
        CL.clEnqueueWriteBuffer(
                queue, status, CL_TRUE, 4L * world, 4, Pointer.to(new int[] {0}), 0, null, null);
        CL.clEnqueueWriteBuffer(
                queue,
                steps,
                CL_TRUE,
                8L * world,
                8,
                Pointer.to(new long[] {stepCount}),
                0,
                null,
                null);
        bytesToDevice += 12;
        bytesToDevice += 4;
    }

    /**
     * Moves a mocap body (MJCF {@code mocap="true"}) in one world, as MuJoCo's {@code
     * mocap_pos}/{@code mocap_quat}: from the next step its pose, and what is welded or connected
     * to it, follow. A reset puts it back at its pose in the model. The warm start is kept, as the
     * reference engine keeps it.
     *
     * @param posM world position (m)
     * @param quat orientation (w, x, y, z), normalised here; must not be zero
     */
    public void setMocapPose(int world, int body, double[] posM, double[] quat) {
        check();
        if (world < 0 || world >= n) {
            throw new IllegalArgumentException(
                    "world " + world + " is not allowed; allowed: 0.." + (n - 1));
        }
        int k = mocapIndex(body);
        double[] pose = mocapPose(body, posM, quat, "");
        for (int c = 0; c < 7; c++) {
            writeOne(mocap, (long) (7 * k + c) * n + world, pose[c]);
        }
    }

    /**
     * Moves a mocap body in every world at once (one write per pose component): {@code poses}
     * world-major, 7 per world (x, y, z, qw, qx, qy, qz), each quaternion normalised here.
     */
    public void setMocapPoses(int body, double[] poses) {
        check();
        if (poses.length != 7 * n) {
            throw new IllegalArgumentException(
                    "poses has " + poses.length + " entries; expected worlds x 7 = " + 7 * n);
        }
        int k = mocapIndex(body);
        double[][] rows = new double[7][n];
        for (int w = 0; w < n; w++) {
            double[] pose =
                    mocapPose(
                            body,
                            Arrays.copyOfRange(poses, 7 * w, 7 * w + 3),
                            Arrays.copyOfRange(poses, 7 * w + 3, 7 * w + 7),
                            " of world " + w);
            for (int c = 0; c < 7; c++) {
                rows[c][w] = pose[c];
            }
        }
        for (int c = 0; c < 7; c++) {
            writeRange(mocap, (long) (7 * k + c) * n, rows[c]);
        }
    }

    /** The mocap bodies' poses of every world, world-major, 7 per mocap body per world. */
    public void readMocapPoses(double[] out) {
        readSoa(mocap, 7 * model.nmocap, out, "mocap poses", 7 * Math.max(1, model.nmocap));
    }

    private int mocapIndex(int body) {
        if (body < 0 || body >= model.nbody || model.bodyMocapId[body] < 0) {
            List<String> names = new java.util.ArrayList<>();
            for (int b = 0; b < model.nbody; b++) {
                if (model.bodyMocapId[b] >= 0) {
                    names.add(model.bodyNames().get(b));
                }
            }
            throw new IllegalArgumentException(
                    "body "
                            + body
                            + (body >= 0 && body < model.nbody
                                    ? " ('" + model.bodyNames().get(body) + "')"
                                    : "")
                            + " is not a mocap body of model '"
                            + model.name
                            + "'; mocap bodies: "
                            + (names.isEmpty() ? "none" : names));
        }
        return model.bodyMocapId[body];
    }

    /** The pose as written to the device (quaternion normalised); {@code body} already checked. */
    private double[] mocapPose(int body, double[] posM, double[] quat, String where) {
        if (posM == null || posM.length != 3 || quat == null || quat.length != 4) {
            throw new IllegalArgumentException(
                    "mocap body " + body + where + " needs 3 position and 4 quaternion entries");
        }
        double norm = 0;
        for (double v : quat) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double[] pose = {posM[0], posM[1], posM[2], 0, 0, 0, 0};
        for (double v : pose) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(
                        "position of mocap body " + body + where + " is not finite");
            }
        }
        if (!(norm >= 1e-9) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException(
                    "quat of mocap body " + body + where + " has zero or non-finite norm");
        }
        for (int c = 0; c < 4; c++) {
            pose[3 + c] = quat[c] / norm;
        }
        return pose;
    }

    /** Parameter kinds {@link #setParameter} writes; offsets as in batch.cl's P_* layout. */
    public enum Parameter {
        /** per body: mass (and inertia) scale against the model */
        MASS_SCALE,
        /** per geom: sliding, torsional, rolling (index 3 * geom + k) */
        FRICTION,
        /** per dof */
        DAMPING,
        /** per dof */
        ARMATURE,
        /** per actuator */
        GAIN,
        /** per axis x, y, z */
        GRAVITY
    }

    /**
     * Overrides one world's parameter until that world's next reset (which draws from the ranges
     * again): what {@code World.randomization()} needs for a single world.
     */
    public void setParameter(int world, Parameter kind, int index, double value) {
        check();
        int ngPad = Math.max(1, model.ngeom);
        int base, count;
        switch (kind) {
            case MASS_SCALE -> {
                base = 0;
                count = model.nbody;
            }
            case FRICTION -> {
                base = model.nbody;
                count = 3 * model.ngeom;
            }
            case DAMPING -> {
                base = model.nbody + 3 * ngPad;
                count = model.nv;
            }
            case ARMATURE -> {
                base = model.nbody + 3 * ngPad + model.nv;
                count = model.nv;
            }
            case GAIN -> {
                base = model.nbody + 3 * ngPad + 2 * model.nv;
                count = model.nu;
            }
            default -> {
                base = model.nbody + 3 * ngPad + 2 * model.nv + 3 * nuPad;
                count = 3;
            }
        }
        if (world < 0 || world >= n || index < 0 || index >= count || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    kind
                            + " index "
                            + index
                            + " of world "
                            + world
                            + " = "
                            + value
                            + " is not allowed; allowed: index 0.."
                            + (count - 1)
                            + ", world 0.."
                            + (n - 1)
                            + ", a finite value");
        }
        writeOne(prm, (long) (base + index) * n + world, value);
    }

    /** Timesteps each world has taken since its last reset. */
    public long[] stepCounts() {
        check();
        long[] s = new long[n];
        CL.clEnqueueReadBuffer(queue, steps, CL_TRUE, 0, 8L * n, Pointer.to(s), 0, null, null);
        bytesFromDevice += 8L * n;
        return s;
    }

    /**
     * Per world: 0 running, 1 stopped (until reset) because its state stopped being finite or a
     * matrix it factors (the mass matrix, the constraint solver's Newton matrix) was not positive
     * definite, where the reference engine throws.
     */
    public int[] status() {
        return readInts(status);
    }

    /** Per world: contacts found in its last timestep. */
    public int[] contactCounts() {
        return readInts(contactCount);
    }

    /**
     * Per world: contacts found but dropped because the world's contact buffer ({@link
     * #contactCapacity()}) was full, summed since its last reset. Never silent: the bench reports
     * it.
     */
    public int[] droppedContacts() {
        return readInts(droppedContacts);
    }

    /** Per world: constraint-solver iterations in its last timestep (0 without constraints). */
    public int[] solverIterations() {
        return readInts(solverIterations);
    }

    /**
     * Per world: constraint rows (whole limits, equalities or contacts) that did not fit the row
     * capacity and were left out, summed since its last reset. The capacity bounds what a model can
     * produce, so anything but 0 is a bug; the count makes it visible instead of silent.
     */
    public int[] droppedConstraintRows() {
        return readInts(droppedRows);
    }

    /** Per world: its action latency in control steps for this episode. */
    public int[] latencySteps() {
        return readInts(latency);
    }

    /** The parameters world {@code w} simulates with in this episode. */
    public WorldParameters parameters(int w) {
        if (w < 0 || w >= n) {
            throw new IllegalArgumentException(
                    "world " + w + " is not allowed; allowed: 0.." + (n - 1));
        }
        return allParameters().get(w);
    }

    /** Every world's parameters for its current episode, in world order (one read). */
    public java.util.List<WorldParameters> allParameters() {
        check();
        double[] all = new double[paramCount * n];
        readReals(prm, all);
        int[] lat = readInts(latency);
        java.util.List<WorldParameters> out = new java.util.ArrayList<>(n);
        double[] p = new double[paramCount];
        for (int w = 0; w < n; w++) {
            for (int k = 0; k < paramCount; k++) {
                p[k] = all[k * n + w];
            }
            out.add(WorldParameters.from(model, p, lat[w]));
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // every buffer this batch holds was made by buffer(), which lists it in created
        for (cl_mem b : created) {
            CL.clReleaseMemObject(b);
        }
        created.clear();
        CL.clReleaseKernel(stepKernel);
        CL.clReleaseKernel(resetKernel);
        CL.clReleaseKernel(observeKernel);
        CL.clReleaseProgram(program);
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "OpenClBatch[%s, %d worlds, %s, %s]",
                model.name,
                n,
                options.float64() ? "float64" : "float32",
                device.describe());
    }

    // ------------------------------------------------------------------ plumbing

    /** sizeof Data, Params, Contacts and Efc in the compiled program (batch_sizes). */
    private void sizes() {
        cl_kernel k = CL.clCreateKernel(program, "batch_sizes", null);
        cl_mem out = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, 8L * 4, null, null);
        try {
            argMem(k, 0, out);
            run(k, 1);
            CL.clEnqueueReadBuffer(
                    queue, out, CL_TRUE, 0, 8L * 4, Pointer.to(workingBytes), 0, null, null);
        } finally {
            CL.clReleaseMemObject(out);
            CL.clReleaseKernel(k);
        }
    }

    /**
     * PoCL runs each work-item's private data (Data, Params, Contacts, Efc: {@link
     * #workingBytesPerWorld()}) on one of its worker threads' stacks, which glibc sizes from the
     * process's stack limit ({@code ulimit -s}, 2 MiB where unlimited). A working set past it is
     * not an error the driver reports: the process dies of SIGSEGV at the first step (a contact
     * capacity of 25,000 did, with 8 MiB). So a batch whose working set takes more than three
     * quarters of that stack is refused here, naming the capacity that fits. Other devices keep
     * private memory their own way and are not checked.
     */
    private void checkWorkingSetFitsTheStack() {
        if (!"CPU".equals(device.type())
                || !device.platform().toLowerCase(java.util.Locale.ROOT).contains("portable")) {
            return;
        }
        long stack = StackLimit.threadStackBytes();
        if (stack <= 0) {
            return;
        }
        long working = workingBytes[0] + workingBytes[1] + workingBytes[2] + workingBytes[3];
        long budget = stack / 4 * 3;
        if (working <= budget) {
            return;
        }
        long perContact = (workingBytes[2] + workingBytes[3]) / Math.max(1, contactCapacity);
        long fits =
                perContact == 0
                        ? 0
                        : Math.max(0, (budget - workingBytes[0] - workingBytes[1]) / perContact);
        throw new IllegalArgumentException(
                String.format(
                        Locale.ROOT,
                        "contact capacity %d needs %.1f MiB of working memory per world during a"
                                + " step (contacts %.1f MiB, constraint rows %.1f MiB), and %s runs"
                                + " each world on a worker thread's stack of %d MiB (the process's"
                                + " stack limit, ulimit -s), of which %.1f MiB may be used;"
                                + " allowed here: a contact capacity up to about %d (or a larger"
                                + " stack limit)",
                        contactCapacity,
                        working / 1048576.0,
                        workingBytes[2] / 1048576.0,
                        workingBytes[3] / 1048576.0,
                        device.platform(),
                        stack >> 20,
                        budget / 1048576.0,
                        fits));
    }

    /** MuJoCo's inverse weights at qpos0 (constraint.cl's batch_invweights), once per batch. */
    private void inverseWeights() {
        cl_kernel k = CL.clCreateKernel(program, "batch_invweights", null);
        try {
            argMem(k, 0, invWeight);
            run(k, 1);
            CL.clFinish(queue);
        } finally {
            CL.clReleaseKernel(k);
        }
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("the batch is closed");
        }
    }

    private cl_mem buffer(long bytes) {
        cl_mem b = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(bytes, 8), null, null);
        created.add(b);
        return b;
    }

    private void run(cl_kernel k, int items) {
        // One work-item per group on a CPU device: PoCL's own group size keeps a copy of each
        // work-item's private working set (Data, Contacts: tens of KiB in float64) on one worker
        // thread's stack, which overflowed (SIGSEGV) from about a thousand worlds with contacts.
        // A GPU keeps the driver's choice.
        long[] local = "CPU".equals(device.type()) ? new long[] {1} : null;
        CL.clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {items}, local, 0, null, null);
    }

    private void argInt(cl_kernel k, int i, int v) {
        CL.clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
    }

    private void argReal(cl_kernel k, int i, double v) {
        if (options.float64()) {
            CL.clSetKernelArg(k, i, Sizeof.cl_double, Pointer.to(new double[] {v}));
        } else {
            CL.clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {(float) v}));
        }
    }

    private void argMem(cl_kernel k, int i, cl_mem m) {
        CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
    }

    private void write(cl_mem b, int[] v) {
        CL.clEnqueueWriteBuffer(queue, b, CL_TRUE, 0, 4L * v.length, Pointer.to(v), 0, null, null);
        bytesToDevice += 4L * v.length;
    }

    private void writeReals(cl_mem b, double[] v) {
        long bytes = (long) realBytes * v.length;
        if (options.float64()) {
            CL.clEnqueueWriteBuffer(queue, b, CL_TRUE, 0, bytes, Pointer.to(v), 0, null, null);
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            CL.clEnqueueWriteBuffer(queue, b, CL_TRUE, 0, bytes, Pointer.to(f), 0, null, null);
        }
        bytesToDevice += bytes;
    }

    private void writeOne(cl_mem b, long index, double v) {
        long off = index * realBytes;
        if (options.float64()) {
            CL.clEnqueueWriteBuffer(
                    queue, b, CL_TRUE, off, realBytes, Pointer.to(new double[] {v}), 0, null, null);
        } else {
            CL.clEnqueueWriteBuffer(
                    queue,
                    b,
                    CL_TRUE,
                    off,
                    realBytes,
                    Pointer.to(new float[] {(float) v}),
                    0,
                    null,
                    null);
        }
        bytesToDevice += realBytes;
    }

    /** Writes {@code v} at element {@code index} onward. */
    private void writeRange(cl_mem b, long index, double[] v) {
        long off = index * realBytes;
        long bytes = (long) realBytes * v.length;
        if (options.float64()) {
            CL.clEnqueueWriteBuffer(queue, b, CL_TRUE, off, bytes, Pointer.to(v), 0, null, null);
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            CL.clEnqueueWriteBuffer(queue, b, CL_TRUE, off, bytes, Pointer.to(f), 0, null, null);
        }
        bytesToDevice += bytes;
    }

    private void readReals(cl_mem b, double[] out) {
        long bytes = (long) realBytes * out.length;
        if (options.float64()) {
            CL.clEnqueueReadBuffer(queue, b, CL_TRUE, 0, bytes, Pointer.to(out), 0, null, null);
        } else {
            float[] f = new float[out.length];
            CL.clEnqueueReadBuffer(queue, b, CL_TRUE, 0, bytes, Pointer.to(f), 0, null, null);
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
        }
        bytesFromDevice += bytes;
    }

    private int[] readInts(cl_mem b) {
        check();
        int[] v = new int[n];
        CL.clEnqueueReadBuffer(queue, b, CL_TRUE, 0, 4L * n, Pointer.to(v), 0, null, null);
        bytesFromDevice += 4L * n;
        return v;
    }

    private void readSoa(cl_mem b, int per, double[] out, String name) {
        readSoa(b, per, out, name, per);
    }

    private void readSoa(cl_mem b, int per, double[] out, String name, int stride) {
        check();
        if (out.length != per * n) {
            throw new IllegalArgumentException(
                    name + " has " + out.length + " entries; expected " + per * n);
        }
        double[] soa = new double[stride * n];
        readReals(b, soa);
        for (int w = 0; w < n; w++) {
            for (int k = 0; k < per; k++) {
                out[w * per + k] = soa[k * n + w];
            }
        }
    }
}

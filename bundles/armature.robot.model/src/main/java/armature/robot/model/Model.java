package armature.robot.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An immutable robot/scene description, not yet compiled for dynamics: options, the body tree
 * rooted at the world body, assets and the elements that refer to bodies, joints and geoms by name.
 *
 * <p>Orderings follow the source document: bodies in depth-first pre-order (world first), and
 * joints, geoms and sites in the order of their bodies and then of their appearance in each body.
 * This is the order MuJoCo uses, so joint indices and {@code qpos} layouts match MuJoCo's for the
 * same file.
 */
public final class Model {
    private final String name;
    private final Path sourceFile;
    private final SourceFormat format;
    private final Options options;
    private final Body world;
    private final List<Mesh> meshes;
    private final Appearance appearance;
    private final List<Actuator> actuators;
    private final List<Tendon> tendons;
    private final List<ContactPair> contactPairs;
    private final List<ContactExclude> contactExcludes;
    private final List<EqualityConstraint> equalities;
    private final List<Keyframe> keyframes;
    private final List<String> warnings;
    private final boolean fuseStatic;
    private final List<Body> bodies;
    private final List<Joint> joints;
    private final List<Geom> geoms;
    private final List<Site> sites;
    private final int[] bodyParent;
    private final int[] jointBody;
    private final int[] geomBody;
    private final int[] siteBody;
    private final int[] jointQposAddress;
    private final int[] jointDofAddress;

    /**
     * @param name model name
     * @param sourceFile file the model was loaded from
     * @param format its format
     * @param options simulation options
     * @param world the world body (root of the tree)
     * @param meshes mesh assets
     * @param actuators actuators in document order
     * @param tendons fixed tendons in document order
     * @param contactPairs explicit contact pairs
     * @param contactExcludes excluded body pairs
     * @param equalities equality constraints (data only)
     * @param keyframes keyframes
     * @param warnings every warning produced while loading, in the order produced
     */
    public Model(
            String name,
            Path sourceFile,
            SourceFormat format,
            Options options,
            Body world,
            List<Mesh> meshes,
            List<Actuator> actuators,
            List<Tendon> tendons,
            List<ContactPair> contactPairs,
            List<ContactExclude> contactExcludes,
            List<EqualityConstraint> equalities,
            List<Keyframe> keyframes,
            List<String> warnings) {
        this(
                name,
                sourceFile,
                format,
                options,
                world,
                meshes,
                actuators,
                tendons,
                contactPairs,
                contactExcludes,
                equalities,
                keyframes,
                warnings,
                format == SourceFormat.URDF);
    }

    /**
     * @param name model name
     * @param sourceFile file the model was loaded from
     * @param format its format
     * @param options simulation options
     * @param world the world body (root of the tree)
     * @param meshes mesh assets
     * @param actuators actuators in document order
     * @param tendons fixed tendons in document order
     * @param contactPairs explicit contact pairs
     * @param contactExcludes excluded body pairs
     * @param equalities equality constraints (data only)
     * @param keyframes keyframes
     * @param warnings every warning produced while loading, in the order produced
     * @param fuseStatic MuJoCo's {@code compiler/fusestatic}: whether a dynamics compiler merges
     *     bodies without joints into their parents ({@link StaticBodyFusion}); MuJoCo's default is
     *     true for URDF and false for MJCF
     */
    public Model(
            String name,
            Path sourceFile,
            SourceFormat format,
            Options options,
            Body world,
            List<Mesh> meshes,
            List<Actuator> actuators,
            List<Tendon> tendons,
            List<ContactPair> contactPairs,
            List<ContactExclude> contactExcludes,
            List<EqualityConstraint> equalities,
            List<Keyframe> keyframes,
            List<String> warnings,
            boolean fuseStatic) {
        this(
                name,
                sourceFile,
                format,
                options,
                world,
                meshes,
                actuators,
                tendons,
                contactPairs,
                contactExcludes,
                equalities,
                keyframes,
                warnings,
                fuseStatic,
                Appearance.NONE);
    }

    /**
     * The full description.
     *
     * @param name model name
     * @param sourceFile file the model was loaded from
     * @param format its format
     * @param options simulation options
     * @param world the world body (root of the tree)
     * @param meshes mesh assets
     * @param actuators actuators in document order
     * @param tendons fixed tendons in document order
     * @param contactPairs explicit contact pairs
     * @param contactExcludes excluded body pairs
     * @param equalities equality constraints (data only)
     * @param keyframes keyframes
     * @param warnings every warning produced while loading, in the order produced
     * @param fuseStatic MuJoCo's {@code compiler/fusestatic} (see the constructor above)
     * @param appearance material and texture assets (for renderers; no effect on dynamics)
     */
    public Model(
            String name,
            Path sourceFile,
            SourceFormat format,
            Options options,
            Body world,
            List<Mesh> meshes,
            List<Actuator> actuators,
            List<Tendon> tendons,
            List<ContactPair> contactPairs,
            List<ContactExclude> contactExcludes,
            List<EqualityConstraint> equalities,
            List<Keyframe> keyframes,
            List<String> warnings,
            boolean fuseStatic,
            Appearance appearance) {
        this.appearance = java.util.Objects.requireNonNull(appearance, "appearance");
        this.name = name;
        this.fuseStatic = fuseStatic;
        this.sourceFile = sourceFile;
        this.format = format;
        this.options = options;
        this.world = world;
        if (!world.joints().isEmpty()) {
            throw new IllegalArgumentException("the world body cannot have joints");
        }
        this.meshes = List.copyOf(meshes);
        this.actuators = List.copyOf(actuators);
        this.tendons = List.copyOf(tendons);
        this.contactPairs = List.copyOf(contactPairs);
        this.contactExcludes = List.copyOf(contactExcludes);
        this.equalities = List.copyOf(equalities);
        this.keyframes = List.copyOf(keyframes);
        this.warnings = List.copyOf(warnings);
        List<Body> b = new ArrayList<>();
        List<Integer> parents = new ArrayList<>();
        collect(world, -1, b, parents);
        this.bodies = Collections.unmodifiableList(b);
        this.bodyParent = parents.stream().mapToInt(Integer::intValue).toArray();
        List<Joint> j = new ArrayList<>();
        List<Geom> g = new ArrayList<>();
        List<Site> s = new ArrayList<>();
        List<Integer> jb = new ArrayList<>();
        List<Integer> gb = new ArrayList<>();
        List<Integer> sb = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            Body body = b.get(i);
            j.addAll(body.joints());
            g.addAll(body.geoms());
            s.addAll(body.sites());
            for (int k = 0; k < body.joints().size(); k++) {
                jb.add(i);
            }
            for (int k = 0; k < body.geoms().size(); k++) {
                gb.add(i);
            }
            for (int k = 0; k < body.sites().size(); k++) {
                sb.add(i);
            }
        }
        this.joints = List.copyOf(j);
        this.geoms = List.copyOf(g);
        this.sites = List.copyOf(s);
        this.jointBody = jb.stream().mapToInt(Integer::intValue).toArray();
        this.geomBody = gb.stream().mapToInt(Integer::intValue).toArray();
        this.siteBody = sb.stream().mapToInt(Integer::intValue).toArray();
        this.jointQposAddress = new int[this.joints.size()];
        this.jointDofAddress = new int[this.joints.size()];
        int q = 0;
        int v = 0;
        for (int i = 0; i < this.joints.size(); i++) {
            jointQposAddress[i] = q;
            jointDofAddress[i] = v;
            q += this.joints.get(i).type().nq();
            v += this.joints.get(i).type().nv();
        }
    }

    private static void collect(Body body, int parent, List<Body> out, List<Integer> parents) {
        int index = out.size();
        out.add(body);
        parents.add(parent);
        for (Body child : body.children()) {
            collect(child, index, out, parents);
        }
    }

    /**
     * @param bodyIndex index into {@link #bodies()}
     * @return index of its parent body, or -1 for the world
     */
    public int parentIndex(int bodyIndex) {
        return bodyParent[bodyIndex];
    }

    /**
     * @param jointIndex index into {@link #joints()}
     * @return index into {@link #bodies()} of the body the joint belongs to
     */
    public int jointBodyIndex(int jointIndex) {
        return jointBody[jointIndex];
    }

    /**
     * @param geomIndex index into {@link #geoms()}
     * @return index into {@link #bodies()} of the body the geom belongs to
     */
    public int geomBodyIndex(int geomIndex) {
        return geomBody[geomIndex];
    }

    /**
     * @param siteIndex index into {@link #sites()}
     * @return index into {@link #bodies()} of the body the site belongs to
     */
    public int siteBodyIndex(int siteIndex) {
        return siteBody[siteIndex];
    }

    /**
     * @param jointIndex index into {@link #joints()}
     * @return first index of this joint's coordinates in a qpos vector (MuJoCo's jnt_qposadr)
     */
    public int qposAddress(int jointIndex) {
        return jointQposAddress[jointIndex];
    }

    /**
     * @param jointIndex index into {@link #joints()}
     * @return first index of this joint's degrees of freedom in a qvel vector (MuJoCo's jnt_dofadr)
     */
    public int dofAddress(int jointIndex) {
        return jointDofAddress[jointIndex];
    }

    /**
     * The same description with other options (for example contacts switched off with {@link
     * Options#withDisabled}); everything else is shared, as the model is immutable.
     */
    public Model withOptions(Options newOptions) {
        return new Model(
                name,
                sourceFile,
                format,
                newOptions,
                world,
                meshes,
                actuators,
                tendons,
                contactPairs,
                contactExcludes,
                equalities,
                keyframes,
                warnings,
                fuseStatic,
                appearance);
    }

    /**
     * @return model name (MJCF {@code model} attribute or URDF robot name; may be empty)
     */
    public String name() {
        return name;
    }

    /**
     * @return the file the model was loaded from
     */
    public Path sourceFile() {
        return sourceFile;
    }

    /**
     * @return the source format
     */
    public SourceFormat format() {
        return format;
    }

    /**
     * @return simulation options
     */
    public Options options() {
        return options;
    }

    /**
     * @return the world body, root of the body tree
     */
    public Body world() {
        return world;
    }

    /**
     * @return all bodies in depth-first pre-order, world first
     */
    public List<Body> bodies() {
        return bodies;
    }

    /**
     * @return all joints in document order
     */
    public List<Joint> joints() {
        return joints;
    }

    /**
     * @return all geoms in document order
     */
    public List<Geom> geoms() {
        return geoms;
    }

    /**
     * @return all sites in document order
     */
    public List<Site> sites() {
        return sites;
    }

    /**
     * @return mesh assets
     */
    public List<Mesh> meshes() {
        return meshes;
    }

    /** Material and texture assets, for renderers. */
    public Appearance appearance() {
        return appearance;
    }

    /**
     * @return actuators in document order
     */
    public List<Actuator> actuators() {
        return actuators;
    }

    /**
     * @return fixed tendons in document order
     */
    public List<Tendon> tendons() {
        return tendons;
    }

    /**
     * @return explicit contact pairs
     */
    public List<ContactPair> contactPairs() {
        return contactPairs;
    }

    /**
     * @return excluded body pairs
     */
    public List<ContactExclude> contactExcludes() {
        return contactExcludes;
    }

    /**
     * @return equality constraints, as data
     */
    public List<EqualityConstraint> equalities() {
        return equalities;
    }

    /**
     * @return keyframes
     */
    public List<Keyframe> keyframes() {
        return keyframes;
    }

    /**
     * @return MuJoCo's {@code compiler/fusestatic} for this file: true for URDF unless the file
     *     says otherwise, false for MJCF unless {@code <compiler fusestatic="true">}; the loaded
     *     description itself keeps every body (see {@link StaticBodyFusion})
     */
    public boolean fuseStatic() {
        return fuseStatic;
    }

    /**
     * @return every warning produced while loading
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @return number of bodies including the world
     */
    public int bodyCount() {
        return bodies.size();
    }

    /**
     * @return number of joints
     */
    public int jointCount() {
        return joints.size();
    }

    /**
     * @return number of position coordinates: free 7, ball 4, hinge and slide 1
     */
    public int nq() {
        return joints.stream().mapToInt(j -> j.type().nq()).sum();
    }

    /**
     * @return number of degrees of freedom: free 6, ball 3, hinge and slide 1
     */
    public int nv() {
        return joints.stream().mapToInt(j -> j.type().nv()).sum();
    }

    /**
     * @return number of actuators
     */
    public int actuatorCount() {
        return actuators.size();
    }

    /**
     * @return number of geoms
     */
    public int geomCount() {
        return geoms.size();
    }

    /**
     * @return number of tendons
     */
    public int tendonCount() {
        return tendons.size();
    }

    /**
     * @return number of sites
     */
    public int siteCount() {
        return sites.size();
    }

    /**
     * @return number of mocap bodies
     */
    public int mocapCount() {
        return (int) bodies.stream().filter(Body::mocap).count();
    }

    /**
     * @param bodyName a body name
     * @return the first body with that name
     */
    public Optional<Body> body(String bodyName) {
        return bodies.stream().filter(x -> x.name().equals(bodyName)).findFirst();
    }

    /**
     * @param jointName a joint name
     * @return the first joint with that name
     */
    public Optional<Joint> joint(String jointName) {
        return joints.stream().filter(x -> x.name().equals(jointName)).findFirst();
    }

    /**
     * @param geomName a geom name
     * @return the first geom with that name
     */
    public Optional<Geom> geom(String geomName) {
        return geoms.stream().filter(x -> x.name().equals(geomName)).findFirst();
    }

    /**
     * @param meshName a mesh name
     * @return the mesh with that name
     */
    public Optional<Mesh> mesh(String meshName) {
        return meshes.stream().filter(x -> x.name().equals(meshName)).findFirst();
    }
}

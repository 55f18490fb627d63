package armature.physics.compiler;

import armature.physics.model.ModelBuilder;
import armature.robot.model.ContactExclude;
import armature.robot.model.ContactPair;
import armature.robot.model.Geom;
import armature.robot.model.Mesh;
import armature.robot.model.Model;
import armature.robot.model.Site;
import armature.robot.model.geometry.ConvexHull;
import armature.robot.model.geometry.QuickHull;
import armature.robot.model.geometry.Vec3;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Geoms (meshes as convex hull vertices), sites, contact pairs and excludes, index for index. */
final class GeomMapping {
    private final Model src;
    private final ModelBuilder b;
    private final Notes notes;
    private final Map<String, Integer> meshIndex = new HashMap<>();

    /** MJCF {@code <flag contact="disable"/>}: MuJoCo then skips collision detection entirely. */
    GeomMapping(Model src, ModelBuilder b, Notes notes) {
        this.src = src;
        this.b = b;
        this.notes = notes;
    }

    void map() {
        geoms();
        sites();
        contacts();
    }

    private void geoms() {
        List<Geom> geoms = src.geoms();
        for (int i = 0; i < geoms.size(); i++) {
            Geom g = geoms.get(i);
            int body = src.geomBodyIndex(i);
            String name = Notes.label(g.name(), "geom" + i);
            double[] pos = g.posM().toArray();
            double[] quat = g.quat().toArray();
            double[] size = g.sizeM().stream().mapToDouble(Double::doubleValue).toArray();
            int index =
                    switch (g.type()) {
                            // one kind enum for description and engine (ADR 0088)
                        case PLANE, SPHERE, CAPSULE, CYLINDER, BOX ->
                                b.addGeom(body, name, g.type(), size, pos, quat);
                        case ELLIPSOID -> {
                            notes.add("ellipsoid geoms (collide as a 26-point hull)", name);
                            ConvexHull hull = QuickHull.build(ellipsoidPoints(size));
                            int mesh =
                                    b.addMesh("ellipsoid:" + name, vertices(hull), triangles(hull));
                            yield b.addMeshGeom(body, name, mesh, pos, quat);
                        }
                        case MESH -> b.addMeshGeom(body, name, mesh(g), pos, quat);
                    };
            var f = g.friction();
            b.geomFriction(index, f.slidingCoefficient(), f.torsionalM(), f.rollingM());
            b.geomCondim(index, g.condim());
            b.geomContactBits(index, g.contype(), g.conaffinity());
            b.geomMargin(index, g.marginM());
            // Per-geom values only: the engine mixes them per contact as MuJoCo does.
            double[] solref = g.softness().solrefArray();
            b.geomSolref(index, solref[0], solref[1]);
            b.geomSolimp(index, g.softness().solimpArray());
            b.geomSolmix(index, g.solmix());
            b.geomGap(index, g.gapM());
            b.geomPriority(index, g.priority());
        }
    }

    private int mesh(Geom g) {
        Integer known = meshIndex.get(g.meshName());
        if (known != null) {
            return known;
        }
        Mesh mesh =
                src.mesh(g.meshName())
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "geom '"
                                                        + g.name()
                                                        + "' names unknown mesh '"
                                                        + g.meshName()
                                                        + "'"));
        // The loader hulled the mesh once (exactly); the engine takes that hull as it is.
        int index = b.addMesh(mesh.name(), vertices(mesh.hull()), triangles(mesh.hull()));
        meshIndex.put(g.meshName(), index);
        return index;
    }

    static double[] vertices(ConvexHull hull) {
        List<Vec3> v = hull.vertices();
        double[] xyz = new double[3 * v.size()];
        for (int k = 0; k < v.size(); k++) {
            xyz[3 * k] = v.get(k).x();
            xyz[3 * k + 1] = v.get(k).y();
            xyz[3 * k + 2] = v.get(k).z();
        }
        return xyz;
    }

    static int[] triangles(ConvexHull hull) {
        int[] out = new int[3 * hull.triangleCount()];
        for (int t = 0; t < hull.triangleCount(); t++) {
            System.arraycopy(hull.triangle(t), 0, out, 3 * t, 3);
        }
        return out;
    }

    /** Corners, edge midpoints and face centres of the unit cube, projected on the surface. */
    private static List<Vec3> ellipsoidPoints(double[] radii) {
        List<Vec3> out = new ArrayList<>(26);
        for (int x = -1; x <= 1; x++) {
            for (int y = -1; y <= 1; y++) {
                for (int z = -1; z <= 1; z++) {
                    if (x == 0 && y == 0 && z == 0) {
                        continue;
                    }
                    double len = Math.sqrt(x * x + y * y + z * z);
                    out.add(new Vec3(radii[0] * x / len, radii[1] * y / len, radii[2] * z / len));
                }
            }
        }
        return out;
    }

    private void sites() {
        List<Site> sites = src.sites();
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            b.addSite(src.siteBodyIndex(i), Notes.label(s.name(), "site" + i), s.posM().toArray());
        }
    }

    private void contacts() {
        for (ContactPair p : src.contactPairs()) {
            String who =
                    "contact pair '" + Notes.label(p.name(), p.geom1() + "-" + p.geom2()) + "'";
            int g1 = geomIndex(p.geom1(), who);
            int g2 = geomIndex(p.geom2(), who);
            // A pair listed twice is kept twice: MuJoCo evaluates it twice (twice the contacts).
            List<Double> f = p.friction();
            int pair =
                    b.addContactPair(
                            g1,
                            g2,
                            p.condim(),
                            new double[] {f.get(0), f.get(2), f.get(3)},
                            p.marginM());
            // A pair's own values (from its class), never mixed from its geoms (MuJoCo 2.2).
            double[] solref = p.softness().solrefArray();
            b.pairSolref(pair, solref[0], solref[1]);
            b.pairSolimp(pair, p.softness().solimpArray());
            b.pairGap(pair, p.gapM());
        }
        for (ContactExclude e : src.contactExcludes()) {
            String who =
                    "contact exclude '" + Notes.label(e.name(), e.body1() + "-" + e.body2()) + "'";
            b.excludeContact(bodyIndex(e.body1(), who), bodyIndex(e.body2(), who));
        }
    }

    private int geomIndex(String geomName, String who) {
        for (int i = 0; i < src.geoms().size(); i++) {
            if (src.geoms().get(i).name().equals(geomName)) {
                return i;
            }
        }
        throw new IllegalArgumentException(who + " names unknown geom '" + geomName + "'");
    }

    private int bodyIndex(String bodyName, String who) {
        for (int i = 0; i < src.bodies().size(); i++) {
            if (src.bodies().get(i).name().equals(bodyName)) {
                return i;
            }
        }
        throw new IllegalArgumentException(who + " names unknown body '" + bodyName + "'");
    }
}

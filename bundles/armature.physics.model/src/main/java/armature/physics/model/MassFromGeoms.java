package armature.physics.model;

import armature.physics.math.Quat;
import armature.robot.model.GeomType;
import java.util.List;

/** Mass, centre of mass and inertia of a body from solid primitive geoms (MJCF inertiafromgeom). */
final class MassFromGeoms {
    private MassFromGeoms() {}

    static void apply(Specs.Body body, int index, List<Specs.Geom> geoms) {
        double total = 0;
        double[] moment = new double[3];
        int n = 0;
        double[][] masses = new double[geoms.size()][];
        for (int g = 0; g < geoms.size(); g++) {
            Specs.Geom geom = geoms.get(g);
            if (geom.body != index || geom.type == GeomType.PLANE) {
                continue;
            }
            if (geom.type == GeomType.MESH) {
                throw new IllegalArgumentException(
                        "body '"
                                + body.name
                                + "': mass from mesh geom '"
                                + geom.name
                                + "' is not supported; give the body an explicit inertial");
            }
            double[] local = solid(geom);
            masses[g] = local;
            total += local[0];
            for (int k = 0; k < 3; k++) {
                moment[k] += local[0] * geom.pos[k];
            }
            n++;
        }
        if (n == 0 || !(total > 0)) {
            throw new IllegalArgumentException(
                    "body '" + body.name + "': inertialFromGeoms found no massive geoms");
        }
        double[] com = {moment[0] / total, moment[1] / total, moment[2] / total};
        double[] r = new double[9];
        double[][] sum = new double[3][3];
        for (int g = 0; g < geoms.size(); g++) {
            if (masses[g] == null) {
                continue;
            }
            Specs.Geom geom = geoms.get(g);
            double m = masses[g][0];
            Quat.toMatrix(geom.quat, 0, r, 0);
            double[] d = {geom.pos[0] - com[0], geom.pos[1] - com[1], geom.pos[2] - com[2]};
            double dd = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double rot = 0;
                    for (int k = 0; k < 3; k++) {
                        rot += r[3 * i + k] * masses[g][1 + k] * r[3 * j + k];
                    }
                    // parallel-axis shift from the geom centre to the body's centre of mass
                    sum[i][j] += rot + m * ((i == j ? dd : 0) - d[i] * d[j]);
                }
            }
        }
        body.mass = total;
        body.com = com;
        body.inertia =
                new double[] {sum[0][0], sum[1][1], sum[2][2], sum[0][1], sum[0][2], sum[1][2]};
    }

    /** {mass, Ixx, Iyy, Izz} about the geom centre in geom axes. */
    private static double[] solid(Specs.Geom g) {
        double[] s = g.size;
        double volume;
        switch (g.type) {
            case SPHERE -> volume = 4.0 / 3 * Math.PI * s[0] * s[0] * s[0];
            case CAPSULE ->
                    volume =
                            Math.PI * s[0] * s[0] * 2 * s[1]
                                    + 4.0 / 3 * Math.PI * s[0] * s[0] * s[0];
            case CYLINDER -> volume = Math.PI * s[0] * s[0] * 2 * s[1];
            case BOX -> volume = 8 * s[0] * s[1] * s[2];
            default -> throw new IllegalStateException(g.type.toString());
        }
        double mass = Double.isNaN(g.mass) ? g.density * volume : g.mass;
        double r2 = s[0] * s[0];
        return switch (g.type) {
            case SPHERE -> new double[] {mass, 0.4 * mass * r2, 0.4 * mass * r2, 0.4 * mass * r2};
            case CAPSULE -> {
                double h = s[1], r = s[0];
                double cyl = Math.PI * r2 * 2 * h, sph = 4.0 / 3 * Math.PI * r2 * r;
                double mc = mass * cyl / (cyl + sph), ms = mass * sph / (cyl + sph);
                // two hemispheres: com 3r/8 beyond each end of the cylinder
                double perp = mc * (r2 / 4 + h * h / 3) + ms * (0.4 * r2 + h * h + 0.75 * h * r);
                double axial = 0.5 * mc * r2 + 0.4 * ms * r2;
                yield new double[] {mass, perp, perp, axial};
            }
            case CYLINDER -> {
                double perp = mass * (r2 / 4 + s[1] * s[1] / 3);
                yield new double[] {mass, perp, perp, 0.5 * mass * r2};
            }
            default ->
                    new double[] {
                        mass,
                        mass / 3 * (s[1] * s[1] + s[2] * s[2]),
                        mass / 3 * (s[0] * s[0] + s[2] * s[2]),
                        mass / 3 * (s[0] * s[0] + s[1] * s[1])
                    };
        };
    }
}

/*
 * Contacts of pairs with a convex mesh or a cylinder: the reference engine's narrow phase for them
 * (armature.physics.reference.collision: NarrowPhase's dispatch and its swap into MuJoCo's geom
 * order, PlaneContacts.mesh and .cylinder, HullContacts, CurvedContacts, Mpr, Support, HullFrame,
 * FaceClipper, Manifold) translated operation for operation. Geom poses come as arrays (position 3,
 * row-major rotation 9), so the caller decides where they live; hull data is the model's
 * (HullSource: HULL_* arrays, slots per collidable mesh and box). A world-frame hull keeps its
 * vertices in private memory (HULL_MAXV); face normals and plane offsets are recomputed from the
 * local ones when read, with the reference's expressions, which keeps the private footprint to the
 * vertices for hulls of hundreds of faces. Compiled only for a model with a collidable mesh or
 * cylinder (HULL_PAIRS) and with contacts on (ARM_CONTACTS; ARM_HULLS in its tests).
 *
 * Contraction into fused multiply-adds is off in this part: the reference rounds every product,
 * and the features chosen here hinge on exact comparisons (the deepest vertex, the largest
 * triangle of a regular polygon's corners, a face against an edge axis), which a fused product
 * decides differently when two candidates tie in exact arithmetic.
 */
#if defined(HULL_PAIRS) && (defined(ARM_CONTACTS) || defined(ARM_HULLS))
#pragma OPENCL FP_CONTRACT OFF

/*
 * Where the large hull arrays live. By default they are __constant arrays in the program header
 * (HullSource); a large mesh (the Shadow hand's forearm hull: 94 KB in float64) can exceed a
 * device's constant memory (64 KB on NVIDIA), so with -DHULL_GLOBAL they are read from two global
 * buffers the kernel receives (HullSource.globalReals / globalInts, at the HULL_OFF_* offsets).
 * Every function that reads them takes HULL_P as its last parameter and passes HULL_A on; both
 * are empty in the default build.
 */
#ifdef HULL_GLOBAL
typedef struct {
    __global const real* r;
    __global const int* i;
} HullData;
#define HULL_P , HullData hd
#define HULL_A , hd
#define HULL_VERT (hd.r + HULL_OFF_VERT)
#define HULL_FACE_NORMAL (hd.r + HULL_OFF_FACE_NORMAL)
#define HULL_LOOP_START (hd.i + HULL_OFF_LOOP_START)
#define HULL_LOOP_COUNT (hd.i + HULL_OFF_LOOP_COUNT)
#define HULL_LOOP (hd.i + HULL_OFF_LOOP)
#define HULL_EDGE_VERT (hd.i + HULL_OFF_EDGE_VERT)
#define HULL_EDGE_FACE (hd.i + HULL_OFF_EDGE_FACE)
#define HULL_ADJ_START (hd.i + HULL_OFF_ADJ_START)
#define HULL_ADJ_COUNT (hd.i + HULL_OFF_ADJ_COUNT)
#define HULL_ADJ (hd.i + HULL_OFF_ADJ)
#else
#define HULL_P
#define HULL_A
#endif
#define HULL_T_PLANE 0
#define HULL_T_SPHERE 1
#define HULL_T_CAPSULE 2
#define HULL_T_CYLINDER 3
#define HULL_T_BOX 4
#define HULL_T_MESH 5

real hull_clamp01(real x) { return x < 0 ? 0 : (x > 1 ? 1 : x); }

/* ---------------------------------------------------------------- Support */
/* Support.meshSupport: global vertex index of slot s farthest along local (lx, ly, lz) */
int hull_mesh_support(int s, real lx, real ly, real lz HULL_P) {
    int vs = HULL_VSTART[s], nv = HULL_VCOUNT[s];
    if (nv <= 32 || HULL_FCOUNT[s] == 0) {
        int best = vs;
        real bestDot = -INFINITY;
        for (int i = vs; i < vs + nv; i++) {
            real d = HULL_VERT[3 * i] * lx + HULL_VERT[3 * i + 1] * ly + HULL_VERT[3 * i + 2] * lz;
            if (d > bestDot) {
                bestDot = d;
                best = i;
            }
        }
        return best;
    }
    int cur = HULL_LOOP[HULL_LOOP_START[HULL_FSTART[s]]];
    real best = HULL_VERT[3 * (vs + cur)] * lx + HULL_VERT[3 * (vs + cur) + 1] * ly +
                HULL_VERT[3 * (vs + cur) + 2] * lz;
    bool moved = true;
    while (moved) {
        moved = false;
        int a0 = HULL_ADJ_START[vs + cur], na = HULL_ADJ_COUNT[vs + cur];
        for (int k = a0; k < a0 + na; k++) {
            int w = vs + HULL_ADJ[k];
            real dw = HULL_VERT[3 * w] * lx + HULL_VERT[3 * w + 1] * ly + HULL_VERT[3 * w + 2] * lz;
            if (dw > best) {
                best = dw;
                cur = HULL_ADJ[k];
                moved = true;
            }
        }
    }
    return vs + cur;
}

real hull_len(real x, real y, real z) {
    real n = sqrt(x * x + y * y + z * z);
    return n > (real)1e-300 ? n : 1;
}

/* Support.support: the point of geom g (pose p, r) farthest along (dx, dy, dz) */
void hull_support(int g, const real* p, const real* r, real dx, real dy, real dz, real* out HULL_P) {
    real s0 = HULL_GEOM_SIZE[3 * g], s1 = HULL_GEOM_SIZE[3 * g + 1], s2 = HULL_GEOM_SIZE[3 * g + 2];
    real lx = r[0] * dx + r[3] * dy + r[6] * dz;
    real ly = r[1] * dx + r[4] * dy + r[7] * dz;
    real lz = r[2] * dx + r[5] * dy + r[8] * dz;
    real px = 0, py = 0, pz = 0;
    switch (HULL_GEOM_TYPE[g]) {
    case HULL_T_SPHERE: {
        real n = hull_len(lx, ly, lz);
        px = s0 * lx / n;
        py = s0 * ly / n;
        pz = s0 * lz / n;
        break;
    }
    case HULL_T_CAPSULE: {
        real n = hull_len(lx, ly, lz);
        px = s0 * lx / n;
        py = s0 * ly / n;
        pz = s0 * lz / n + (lz >= 0 ? s1 : -s1);
        break;
    }
    case HULL_T_CYLINDER: {
        real n = sqrt(lx * lx + ly * ly);
        px = n > (real)1e-12 ? s0 * lx / n : 0;
        py = n > (real)1e-12 ? s0 * ly / n : 0;
        pz = lz >= 0 ? s1 : -s1;
        break;
    }
    case HULL_T_BOX:
        px = lx >= 0 ? s0 : -s0;
        py = ly >= 0 ? s1 : -s1;
        pz = lz >= 0 ? s2 : -s2;
        break;
    case HULL_T_MESH: {
        int best = hull_mesh_support(HULL_GEOM_SLOT[g], lx, ly, lz HULL_A);
        px = HULL_VERT[3 * best];
        py = HULL_VERT[3 * best + 1];
        pz = HULL_VERT[3 * best + 2];
        break;
    }
    default:
        break;
    }
    out[0] = p[0] + r[0] * px + r[1] * py + r[2] * pz;
    out[1] = p[1] + r[3] * px + r[4] * py + r[5] * pz;
    out[2] = p[2] + r[6] * px + r[7] * py + r[8] * pz;
}

/* ---------------------------------------------------------------- HullMpr */
#define HULL_MPR_MAX_ITERATIONS 100
#define HULL_MPR_TOLERANCE ((real)1e-10)

typedef struct {
    /* vertex i: Minkowski point at 9i, support on A at 9i+3, support on B at 9i+6 */
    real v[45];
    real dir[3], tmp[3], bary[3];
    real normal[3], point[3], depth;
    int ga, gb;
    const real *pa, *ra, *pb, *rb;
    real inflate;
} HullMpr;

real hull_mpr_dot(const HullMpr* m, int a, int b) {
    return m->v[9 * a] * m->v[9 * b] + m->v[9 * a + 1] * m->v[9 * b + 1] +
           m->v[9 * a + 2] * m->v[9 * b + 2];
}
real hull_mpr_dot_dir(const HullMpr* m, int a) {
    return m->v[9 * a] * m->dir[0] + m->v[9 * a + 1] * m->dir[1] + m->v[9 * a + 2] * m->dir[2];
}
real hull_mpr_dot_tmp(const HullMpr* m, int a) {
    return m->v[9 * a] * m->tmp[0] + m->v[9 * a + 1] * m->tmp[1] + m->v[9 * a + 2] * m->tmp[2];
}
void hull_mpr_copy(HullMpr* m, int from, int to) {
    for (int k = 0; k < 9; k++) m->v[9 * to + k] = m->v[9 * from + k];
}
void hull_mpr_swap(HullMpr* m, int a, int b) {
    for (int k = 0; k < 9; k++) {
        real t = m->v[9 * a + k];
        m->v[9 * a + k] = m->v[9 * b + k];
        m->v[9 * b + k] = t;
    }
}
void hull_mpr_normalize(real* a) {
    real n = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    if (n > 0) {
        a[0] /= n;
        a[1] /= n;
        a[2] /= n;
    }
}
void hull_mpr_plane_normal(HullMpr* m, int a, int b, int c) {
    int ao = 9 * a, bo = 9 * b, co = 9 * c;
    real* v = m->v;
    real ux = v[bo] - v[ao], uy = v[bo + 1] - v[ao + 1], uz = v[bo + 2] - v[ao + 2];
    real wx = v[co] - v[ao], wy = v[co + 1] - v[ao + 1], wz = v[co + 2] - v[ao + 2];
    m->dir[0] = uy * wz - uz * wy;
    m->dir[1] = uz * wx - ux * wz;
    m->dir[2] = ux * wy - uy * wx;
    hull_mpr_normalize(m->dir);
}
real hull_mpr_triple_v0(const HullMpr* m, int a, int b) {
    int ao = 9 * a, bo = 9 * b;
    const real* v = m->v;
    real cx = v[ao + 1] * v[bo + 2] - v[ao + 2] * v[bo + 1];
    real cy = v[ao + 2] * v[bo] - v[ao] * v[bo + 2];
    real cz = v[ao] * v[bo + 1] - v[ao + 1] * v[bo];
    return cx * v[0] + cy * v[1] + cz * v[2];
}
void hull_mpr_support(HullMpr* m, int i HULL_P) {
    int o = 9 * i;
    real* v = m->v;
    real* d = m->dir;
    hull_support(m->ga, m->pa, m->ra, d[0], d[1], d[2], v + o + 3 HULL_A);
    if (m->inflate != 0) {
        v[o + 3] += m->inflate * d[0];
        v[o + 4] += m->inflate * d[1];
        v[o + 5] += m->inflate * d[2];
    }
    hull_support(m->gb, m->pb, m->rb, -d[0], -d[1], -d[2], v + o + 6 HULL_A);
    v[o] = v[o + 3] - v[o + 6];
    v[o + 1] = v[o + 4] - v[o + 7];
    v[o + 2] = v[o + 5] - v[o + 8];
}
bool hull_mpr_reached_tolerance(const HullMpr* m) {
    real d4 = hull_mpr_dot_dir(m, 4);
    real t = min(d4 - hull_mpr_dot_dir(m, 1), min(d4 - hull_mpr_dot_dir(m, 2), d4 - hull_mpr_dot_dir(m, 3)));
    return t <= HULL_MPR_TOLERANCE;
}
void hull_mpr_expand(HullMpr* m) {
    real* v = m->v;
    m->tmp[0] = v[37] * v[2] - v[38] * v[1];
    m->tmp[1] = v[38] * v[0] - v[36] * v[2];
    m->tmp[2] = v[36] * v[1] - v[37] * v[0];
    if (hull_mpr_dot_tmp(m, 1) > 0) {
        if (hull_mpr_dot_tmp(m, 2) > 0) {
            hull_mpr_copy(m, 4, 1);
        } else {
            hull_mpr_copy(m, 4, 3);
        }
    } else {
        if (hull_mpr_dot_tmp(m, 3) > 0) {
            hull_mpr_copy(m, 4, 2);
        } else {
            hull_mpr_copy(m, 4, 1);
        }
    }
}
void hull_mpr_set_bary(HullMpr* m, real a, real b, real c) {
    m->bary[0] = a;
    m->bary[1] = b;
    m->bary[2] = c;
}
void hull_mpr_closest_on_triangle(HullMpr* m) {
    const real* v = m->v;
    real ax = v[9], ay = v[10], az = v[11];
    real abx = v[18] - ax, aby = v[19] - ay, abz = v[20] - az;
    real acx = v[27] - ax, acy = v[28] - ay, acz = v[29] - az;
    real apx = -ax, apy = -ay, apz = -az;
    real d1 = abx * apx + aby * apy + abz * apz, d2 = acx * apx + acy * apy + acz * apz;
    if (d1 <= 0 && d2 <= 0) {
        hull_mpr_set_bary(m, 1, 0, 0);
        return;
    }
    real bpx = -v[18], bpy = -v[19], bpz = -v[20];
    real d3 = abx * bpx + aby * bpy + abz * bpz, d4 = acx * bpx + acy * bpy + acz * bpz;
    if (d3 >= 0 && d4 <= d3) {
        hull_mpr_set_bary(m, 0, 1, 0);
        return;
    }
    real vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        real t = d1 / (d1 - d3);
        hull_mpr_set_bary(m, 1 - t, t, 0);
        return;
    }
    real cpx = -v[27], cpy = -v[28], cpz = -v[29];
    real d5 = abx * cpx + aby * cpy + abz * cpz, d6 = acx * cpx + acy * cpy + acz * cpz;
    if (d6 >= 0 && d5 <= d6) {
        hull_mpr_set_bary(m, 0, 0, 1);
        return;
    }
    real vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) {
        real t = d2 / (d2 - d6);
        hull_mpr_set_bary(m, 1 - t, 0, t);
        return;
    }
    real va = d3 * d6 - d5 * d4;
    if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
        real t = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        hull_mpr_set_bary(m, 0, 1 - t, t);
        return;
    }
    real denom = 1 / (va + vb + vc);
    real s = vb * denom, t = vc * denom;
    hull_mpr_set_bary(m, 1 - s - t, s, t);
}
void hull_mpr_finish(HullMpr* m) {
    hull_mpr_closest_on_triangle(m);
    const real* v = m->v;
    real px = 0, py = 0, pz = 0;
    for (int i = 0; i < 3; i++) {
        int o = 9 * (i + 1);
        px += m->bary[i] * v[o];
        py += m->bary[i] * v[o + 1];
        pz += m->bary[i] * v[o + 2];
    }
    real n = sqrt(px * px + py * py + pz * pz);
    if (n > (real)1e-12) {
        m->normal[0] = px / n;
        m->normal[1] = py / n;
        m->normal[2] = pz / n;
    } else {
        for (int k = 0; k < 3; k++) m->normal[k] = m->dir[k];
    }
    m->depth = n;
    for (int k = 0; k < 3; k++) {
        real s = 0;
        for (int i = 0; i < 3; i++) {
            int o = 9 * (i + 1);
            s += m->bary[i] * (real)0.5 * (v[o + 3 + k] + v[o + 6 + k]);
        }
        m->point[k] = s;
    }
}

/* HullMpr.penetrate with A grown by inflateM: true when the geoms overlap; then normal, depth, point */
bool hull_mpr_penetrate(HullMpr* m, int a, const real* pa, const real* ra, int b, const real* pb,
                   const real* rb, const real* centerA, const real* centerB, real inflateM HULL_P) {
    m->inflate = inflateM;
    m->ga = a;
    m->gb = b;
    m->pa = pa;
    m->ra = ra;
    m->pb = pb;
    m->rb = rb;
    real* v = m->v;
    for (int k = 0; k < 3; k++) {
        v[k] = centerA[k] - centerB[k];
        v[3 + k] = centerA[k];
        v[6 + k] = centerB[k];
    }
    if (hull_mpr_dot(m, 0, 0) < (real)1e-24) {
        v[0] += (real)1e-10;
    }
    m->dir[0] = -v[0];
    m->dir[1] = -v[1];
    m->dir[2] = -v[2];
    hull_mpr_normalize(m->dir);
    hull_mpr_support(m, 1 HULL_A);
    if (hull_mpr_dot_dir(m, 1) <= 0) {
        return false;
    }
    m->dir[0] = v[1] * v[11] - v[2] * v[10];
    m->dir[1] = v[2] * v[9] - v[0] * v[11];
    m->dir[2] = v[0] * v[10] - v[1] * v[9];
    if (m->dir[0] * m->dir[0] + m->dir[1] * m->dir[1] + m->dir[2] * m->dir[2] < (real)1e-24) {
        if (hull_mpr_dot(m, 1, 1) < (real)1e-24) {
            return false;
        }
        real n = sqrt(hull_mpr_dot(m, 1, 1));
        for (int k = 0; k < 3; k++) {
            m->normal[k] = v[9 + k] / n;
            m->point[k] = (real)0.5 * (v[12 + k] + v[15 + k]);
        }
        m->depth = n;
        return true;
    }
    hull_mpr_normalize(m->dir);
    hull_mpr_support(m, 2 HULL_A);
    if (hull_mpr_dot_dir(m, 2) <= 0) {
        return false;
    }
    hull_mpr_plane_normal(m, 0, 1, 2);
    if (m->dir[0] * v[0] + m->dir[1] * v[1] + m->dir[2] * v[2] > 0) {
        hull_mpr_swap(m, 1, 2);
        m->dir[0] = -m->dir[0];
        m->dir[1] = -m->dir[1];
        m->dir[2] = -m->dir[2];
    }
    int it = 0;
    while (true) {
        if (++it > HULL_MPR_MAX_ITERATIONS) {
            return false;
        }
        hull_mpr_support(m, 3 HULL_A);
        if (hull_mpr_dot_dir(m, 3) <= 0) {
            return false;
        }
        if (hull_mpr_triple_v0(m, 1, 3) < 0) {
            hull_mpr_copy(m, 3, 2);
            hull_mpr_plane_normal(m, 0, 1, 3);
            continue;
        }
        if (hull_mpr_triple_v0(m, 3, 2) < 0) {
            hull_mpr_copy(m, 3, 1);
            hull_mpr_plane_normal(m, 0, 3, 2);
            continue;
        }
        break;
    }
    it = 0;
    while (true) {
        hull_mpr_plane_normal(m, 1, 2, 3);
        if (hull_mpr_dot_dir(m, 1) >= 0) {
            break;
        }
        hull_mpr_support(m, 4 HULL_A);
        if (hull_mpr_dot_dir(m, 4) < 0 || hull_mpr_reached_tolerance(m) || ++it > HULL_MPR_MAX_ITERATIONS) {
            return false;
        }
        hull_mpr_expand(m);
    }
    it = 0;
    while (true) {
        hull_mpr_plane_normal(m, 1, 2, 3);
        hull_mpr_support(m, 4 HULL_A);
        if (hull_mpr_reached_tolerance(m) || ++it > HULL_MPR_MAX_ITERATIONS) {
            hull_mpr_finish(m);
            return true;
        }
        hull_mpr_expand(m);
    }
}

/* ---------------------------------------------------------------- HullManifold */
typedef struct {
    real pos[3 * HULL_MANIFOLD];
    real dist[HULL_MANIFOLD];
    int count;
    int pick[4];
} HullManifold;

void hull_manifold_add(HullManifold* m, real x, real y, real z, real distance) {
    if (m->count == HULL_MANIFOLD) {
        return;
    }
    m->pos[3 * m->count] = x;
    m->pos[3 * m->count + 1] = y;
    m->pos[3 * m->count + 2] = z;
    m->dist[m->count] = distance;
    m->count++;
}

real hull_manifold_area(const HullManifold* m, int p, int q, int r, real nx, real ny, real nz) {
    const real* pos = m->pos;
    real ux = pos[3 * q] - pos[3 * p], uy = pos[3 * q + 1] - pos[3 * p + 1],
         uz = pos[3 * q + 2] - pos[3 * p + 2];
    real vx = pos[3 * r] - pos[3 * p], vy = pos[3 * r + 1] - pos[3 * p + 1],
         vz = pos[3 * r + 2] - pos[3 * p + 2];
    return nx * (uy * vz - uz * vy) + ny * (uz * vx - ux * vz) + nz * (ux * vy - uy * vx);
}

int hull_manifold_reduce(HullManifold* m, real nx, real ny, real nz) {
    int count = m->count;
    const real* pos = m->pos;
    if (count <= 4) {
        for (int i = 0; i < count; i++) m->pick[i] = i;
        return count;
    }
    int a = 0;
    for (int i = 1; i < count; i++) {
        if (m->dist[i] < m->dist[a]) a = i;
    }
    int b = -1;
    real best = (real)1e-24;
    for (int i = 0; i < count; i++) {
        real dx = pos[3 * i] - pos[3 * a], dy = pos[3 * i + 1] - pos[3 * a + 1],
             dz = pos[3 * i + 2] - pos[3 * a + 2];
        real d2 = dx * dx + dy * dy + dz * dz;
        if (d2 > best) {
            best = d2;
            b = i;
        }
    }
    m->pick[0] = a;
    if (b < 0) return 1;
    m->pick[1] = b;
    int c = -1;
    best = (real)1e-30;
    for (int i = 0; i < count; i++) {
        real area = fabs(hull_manifold_area(m, a, b, i, nx, ny, nz));
        if (area > best) {
            best = area;
            c = i;
        }
    }
    if (c < 0) return 2;
    if (hull_manifold_area(m, a, b, c, nx, ny, nz) < 0) {
        int t = b;
        b = c;
        c = t;
    }
    m->pick[1] = b;
    m->pick[2] = c;
    int e = -1;
    best = (real)1e-30;
    for (int i = 0; i < count; i++) {
        real outside = -min(hull_manifold_area(m, a, b, i, nx, ny, nz),
                            min(hull_manifold_area(m, b, c, i, nx, ny, nz),
                                hull_manifold_area(m, c, a, i, nx, ny, nz)));
        if (outside > best) {
            best = outside;
            e = i;
        }
    }
    if (e < 0) return 3;
    m->pick[3] = e;
    return 4;
}

int hull_manifold_emit(HullManifold* m, Contacts* out, int g1, int g2, real nx, real ny, real nz) {
    int n = hull_manifold_reduce(m, nx, ny, nz);
    int added = 0;
    for (int k = 0; k < n; k++) {
        int i = m->pick[k];
        added += contacts_add(out, g1, g2, m->pos[3 * i], m->pos[3 * i + 1], m->pos[3 * i + 2],
                              nx, ny, nz, m->dist[i]);
    }
    return added;
}

/* ---------------------------------------------------------------- HullClipper */
/* FaceClipper. HULL_CLIPLOOP is the longest reference or incident polygon: a hull face, or a
 * cylinder cap's 12-gon (the reference sizes CurvedContacts' clipper so) */
#define HULL_CLIP_CAP (2 * HULL_CLIPLOOP + 2)
typedef struct {
    real ref[3 * HULL_CLIPLOOP];
    int refCount;
    real normal[3];
    real offset;
    real a[3 * HULL_CLIP_CAP], b[3 * HULL_CLIP_CAP];
    int count;
} HullClipper;

void hull_clip_set_plane(HullClipper* c) {
    c->offset = c->normal[0] * c->ref[0] + c->normal[1] * c->ref[1] + c->normal[2] * c->ref[2];
}
void hull_clip_point(HullClipper* c, real x, real y, real z) {
    c->a[3 * c->count] = x;
    c->a[3 * c->count + 1] = y;
    c->a[3 * c->count + 2] = z;
    c->count++;
}
void hull_clip_copy(const real* from, int o, real* to, int i) {
    to[3 * i] = from[o];
    to[3 * i + 1] = from[o + 1];
    to[3 * i + 2] = from[o + 2];
}
void hull_clip_lerp(const real* from, int o0, int o1, real t, real* to, int i) {
    for (int k = 0; k < 3; k++) to[3 * i + k] = from[o0 + k] + t * (from[o1 + k] - from[o0 + k]);
}

void hull_clip_into(HullClipper* c, HullManifold* m, real radius, real margin) {
    real* in = c->a;
    real* out = c->b;
    const real* ref = c->ref;
    const real* normal = c->normal;
    int n = c->count;
    bool segment = n == 2;
    for (int e = 0; e < c->refCount && n > 0; e++) {
        int e1 = e + 1 == c->refCount ? 0 : e + 1;
        real ex = ref[3 * e1] - ref[3 * e], ey = ref[3 * e1 + 1] - ref[3 * e + 1],
             ez = ref[3 * e1 + 2] - ref[3 * e + 2];
        real sx = ey * normal[2] - ez * normal[1], sy = ez * normal[0] - ex * normal[2],
             sz = ex * normal[1] - ey * normal[0];
        real so = sx * ref[3 * e] + sy * ref[3 * e + 1] + sz * ref[3 * e + 2];
        real tol = (real)1e-12 * sqrt(sx * sx + sy * sy + sz * sz);
        int m2 = 0;
        int edges = segment ? 1 : n;
        if (segment) {
            real d0 = sx * in[0] + sy * in[1] + sz * in[2] - so;
            real d1 = sx * in[3] + sy * in[4] + sz * in[5] - so;
            if (d0 > tol && d1 > tol) {
                n = 0;
                break;
            }
            for (int k = 0; k < 2; k++) {
                real dk = k == 0 ? d0 : d1, dj = k == 0 ? d1 : d0;
                int ok = 3 * k, oj = 3 * (1 - k);
                if (dk <= tol) {
                    hull_clip_copy(in, ok, out, m2++);
                } else {
                    real t = dk / (dk - dj);
                    hull_clip_lerp(in, ok, oj, t, out, m2++);
                }
            }
            n = m2;
        } else {
            for (int i = 0; i < edges; i++) {
                int j = i + 1 == n ? 0 : i + 1;
                real di = sx * in[3 * i] + sy * in[3 * i + 1] + sz * in[3 * i + 2] - so;
                real dj = sx * in[3 * j] + sy * in[3 * j + 1] + sz * in[3 * j + 2] - so;
                if (di <= tol) {
                    hull_clip_copy(in, 3 * i, out, m2++);
                }
                if ((di <= tol) != (dj <= tol)) {
                    hull_clip_lerp(in, 3 * i, 3 * j, di / (di - dj), out, m2++);
                }
            }
            n = m2;
        }
        real* t = in;
        in = out;
        out = t;
    }
    for (int i = 0; i < n; i++) {
        real px = in[3 * i], py = in[3 * i + 1], pz = in[3 * i + 2];
        real dist = normal[0] * px + normal[1] * py + normal[2] * pz - c->offset - radius;
        if (dist < margin) {
            real back = radius + (real)0.5 * dist;
            hull_manifold_add(m, px - back * normal[0], py - back * normal[1], pz - back * normal[2],
                         dist);
        }
    }
}

/* ---------------------------------------------------------------- HullFrame */
typedef struct {
    real v[3 * HULL_MAXV];
    real c[3];
    real r[9];
    int slot, nv, vs, fs, nf, es, ne, cursor;
} HullFrame;

void hull_frame_load(HullFrame* w, int g, const real* p, const real* r HULL_P) {
    int s = HULL_GEOM_SLOT[g];
    w->slot = s;
    int vs = HULL_VSTART[s];
    w->vs = vs;
    w->nv = HULL_VCOUNT[s];
    w->fs = HULL_FSTART[s];
    w->nf = HULL_FCOUNT[s];
    w->es = HULL_ESTART[s];
    w->ne = HULL_ECOUNT[s];
    for (int k = 0; k < 9; k++) w->r[k] = r[k];
    w->cursor = HULL_LOOP[HULL_LOOP_START[w->fs]];
    w->c[0] = w->c[1] = w->c[2] = 0;
    int nv = w->nv;
    for (int i = 0; i < nv; i++) {
        real x = HULL_VERT[3 * (vs + i)], y = HULL_VERT[3 * (vs + i) + 1],
             z = HULL_VERT[3 * (vs + i) + 2];
        for (int k = 0; k < 3; k++) {
            real wk = p[k] + r[3 * k] * x + r[3 * k + 1] * y + r[3 * k + 2] * z;
            w->v[3 * i + k] = wk;
            w->c[k] += wk / nv;
        }
    }
}

/* world normal of face j (HullFrame.n[3j..3j+3)) */
void hull_frame_normal(const HullFrame* w, int j, real* n HULL_P) {
    real x = HULL_FACE_NORMAL[3 * (w->fs + j)], y = HULL_FACE_NORMAL[3 * (w->fs + j) + 1],
         z = HULL_FACE_NORMAL[3 * (w->fs + j) + 2];
    for (int k = 0; k < 3; k++) n[k] = w->r[3 * k] * x + w->r[3 * k + 1] * y + w->r[3 * k + 2] * z;
}

/* plane offset of face j (HullFrame.off[j]) */
real hull_frame_off(const HullFrame* w, int j HULL_P) {
    real n[3];
    hull_frame_normal(w, j, n HULL_A);
    int v0 = HULL_LOOP[HULL_LOOP_START[w->fs + j]];
    return n[0] * w->v[3 * v0] + n[1] * w->v[3 * v0 + 1] + n[2] * w->v[3 * v0 + 2];
}

real hull_frame_min_dot(HullFrame* w, real nx, real ny, real nz HULL_P) {
    const real* v = w->v;
    if (w->nv <= 32) {
        real m = INFINITY;
        for (int i = 0; i < w->nv; i++) {
            real di = nx * v[3 * i] + ny * v[3 * i + 1] + nz * v[3 * i + 2];
            if (di < m) {
                m = di;
                w->cursor = i;
            }
        }
        return m;
    }
    int cur = w->cursor;
    real best = nx * v[3 * cur] + ny * v[3 * cur + 1] + nz * v[3 * cur + 2];
    bool moved = true;
    while (moved) {
        moved = false;
        int a0 = HULL_ADJ_START[w->vs + cur], na = HULL_ADJ_COUNT[w->vs + cur];
        for (int k = a0; k < a0 + na; k++) {
            int q = HULL_ADJ[k];
            real dw = nx * v[3 * q] + ny * v[3 * q + 1] + nz * v[3 * q + 2];
            if (dw < best) {
                best = dw;
                cur = q;
                moved = true;
            }
        }
    }
    w->cursor = cur;
    return best;
}

int hull_frame_most_anti_parallel(const HullFrame* w, real nx, real ny, real nz HULL_P) {
    int best = 0;
    real bd = INFINITY;
    for (int j = 0; j < w->nf; j++) {
        real n[3];
        hull_frame_normal(w, j, n HULL_A);
        real dd = nx * n[0] + ny * n[1] + nz * n[2];
        if (dd < bd) {
            bd = dd;
            best = j;
        }
    }
    return best;
}

void hull_frame_reference(const HullFrame* w, int j, HullClipper* clip HULL_P) {
    int fi = w->fs + j;
    clip->refCount = HULL_LOOP_COUNT[fi];
    for (int k = 0; k < clip->refCount; k++) {
        int vi = HULL_LOOP[HULL_LOOP_START[fi] + k];
        for (int e = 0; e < 3; e++) clip->ref[3 * k + e] = w->v[3 * vi + e];
    }
    hull_frame_normal(w, j, clip->normal HULL_A);
    hull_clip_set_plane(clip);
}

void hull_frame_incident(const HullFrame* w, int j, HullClipper* clip HULL_P) {
    int fi = w->fs + j;
    clip->count = 0;
    for (int k = 0; k < HULL_LOOP_COUNT[fi]; k++) {
        int vi = HULL_LOOP[HULL_LOOP_START[fi] + k];
        hull_clip_point(clip, w->v[3 * vi], w->v[3 * vi + 1], w->v[3 * vi + 2]);
    }
}

/* ---------------------------------------------------------------- centroids */
/* NarrowPhase.centroid: the geom centre, or for a mesh its vertex mean, in world coordinates */
void hull_centroid(int g, const real* p, const real* m, real* out) {
    real lx = 0, ly = 0, lz = 0;
    if (HULL_GEOM_TYPE[g] == HULL_T_MESH) {
        int s = HULL_GEOM_SLOT[g];
        lx = HULL_CENTROID[3 * s];
        ly = HULL_CENTROID[3 * s + 1];
        lz = HULL_CENTROID[3 * s + 2];
    }
    out[0] = p[0] + m[0] * lx + m[1] * ly + m[2] * lz;
    out[1] = p[1] + m[3] * lx + m[4] * ly + m[5] * lz;
    out[2] = p[2] + m[6] * lx + m[7] * ly + m[8] * lz;
}

/* whether geom g has a polytope (Hulls.has): a collidable box, or a mesh with faces */
bool hull_has(int g) {
    int s = HULL_GEOM_SLOT[g];
    return s >= 0 && HULL_FCOUNT[s] > 0;
}

/* ---------------------------------------------------------------- plane against mesh */
/* PlaneContacts.mesh: every vertex within the margin, reduced to four; normal = plane's z */
int collide_plane_mesh(const real* planePos, const real* planeMat, const real* meshPos,
                       const real* meshMat, int gp, int gm, real margin, Contacts* out HULL_P) {
    const real* m = meshMat;
    const real* p = meshPos;
    int s = HULL_GEOM_SLOT[gm];
    real nx = planeMat[2], ny = planeMat[5], nz = planeMat[8];
    real off = nx * planePos[0] + ny * planePos[1] + nz * planePos[2];
    HullManifold man;
    man.count = 0;
    for (int i = HULL_VSTART[s]; i < HULL_VSTART[s] + HULL_VCOUNT[s]; i++) {
        real a = HULL_VERT[3 * i], b = HULL_VERT[3 * i + 1], c = HULL_VERT[3 * i + 2];
        real x = p[0] + m[0] * a + m[1] * b + m[2] * c;
        real y = p[1] + m[3] * a + m[4] * b + m[5] * c;
        real z = p[2] + m[6] * a + m[7] * b + m[8] * c;
        real dist = nx * x + ny * y + nz * z - off;
        if (dist <= margin) {
            hull_manifold_add(&man, x - (real)0.5 * dist * nx, y - (real)0.5 * dist * ny,
                         z - (real)0.5 * dist * nz, dist);
        }
    }
    return hull_manifold_emit(&man, out, gp, gm, nx, ny, nz);
}

/* ---------------------------------------------------------------- one MPR point */
/* NarrowPhase.general: sphere against a mesh or a cylinder, capsule-mesh when the capsule does not
 * lie on a face, and polytopes without faces */
int collide_mpr_point(const real* pos1, const real* mat1, const real* pos2, const real* mat2,
                      int g1, int g2, real margin, Contacts* out HULL_P) {
    real ca[3], cb[3];
    hull_centroid(g1, pos1, mat1, ca);
    hull_centroid(g2, pos2, mat2, cb);
    HullMpr mpr;
    if (!hull_mpr_penetrate(&mpr, g1, pos1, mat1, g2, pos2, mat2, ca, cb, margin HULL_A)) {
        return 0;
    }
    real dist = margin - mpr.depth;
    if (dist >= margin) {
        return 0;
    }
    real back = (real)0.5 * margin;
    const real* n = mpr.normal;
    const real* pt = mpr.point;
    return contacts_add(out, g1, g2, pt[0] - back * n[0], pt[1] - back * n[1],
                        pt[2] - back * n[2], n[0], n[1], n[2], dist);
}

/* ---------------------------------------------------------------- capsule against mesh */
#define HULL_SIN_FLAT_CAPSULE ((real)0.1)

/* CurvedContacts.bestFace: the face of polytope g (loaded into w) that separates it most from geom
 * o, measured with o's support mapping; its separation in *sep; -1 when none beats -infinity */
int hull_best_face(HullFrame* w, real* sep, int g, const real* gPos, const real* gMat, int o,
                   const real* oPos, const real* oMat HULL_P) {
    hull_frame_load(w, g, gPos, gMat HULL_A);
    int best = -1;
    *sep = -INFINITY;
    for (int j = 0; j < w->nf; j++) {
        real n[3], s[3];
        hull_frame_normal(w, j, n HULL_A);
        hull_support(o, oPos, oMat, -n[0], -n[1], -n[2], s HULL_A);
        real v = n[0] * s[0] + n[1] * s[1] + n[2] * s[2] - hull_frame_off(w, j HULL_A);
        if (v > *sep) {
            *sep = v;
            best = j;
        }
    }
    return best;
}

/* CurvedContacts.flatCapsule: the capsule axis clipped to the polytope's best face; -1 when
 * the capsule does not lie (nearly) flat on it */
int hull_flat_capsule(const real* capPos, const real* capMat, const real* hullPos,
                      const real* hullMat, int gc, int gp, real margin, Contacts* out HULL_P) {
    HullFrame world;
    real sep;
    int f = hull_best_face(&world, &sep, gp, hullPos, hullMat, gc, capPos, capMat HULL_A);
    if (f < 0) {
        return -1;
    }
    if (sep >= margin) {
        return 0;
    }
    real nf[3];
    hull_frame_normal(&world, f, nf HULL_A);
    real ax = capMat[2], ay = capMat[5], az = capMat[8];
    real across = ax * nf[0] + ay * nf[1] + az * nf[2];
    if (fabs(across) > HULL_SIN_FLAT_CAPSULE) {
        return -1;
    }
    HullClipper clip;
    hull_frame_reference(&world, f, &clip HULL_A);
    real hl = HULL_GEOM_SIZE[3 * gc + 1];
    clip.count = 0;
    for (int e = -1; e <= 1; e += 2) {
        hull_clip_point(&clip, capPos[0] + e * hl * capMat[2], capPos[1] + e * hl * capMat[5],
                   capPos[2] + e * hl * capMat[8]);
    }
    HullManifold man;
    man.count = 0;
    hull_clip_into(&clip, &man, HULL_GEOM_SIZE[3 * gc], margin);
    if (man.count < 2) {
        return -1;
    }
    return hull_manifold_emit(&man, out, gc, gp, -clip.normal[0], -clip.normal[1], -clip.normal[2]);
}

int collide_capsule_mesh(const real* capPos, const real* capMat, const real* meshPos,
                         const real* meshMat, int gc, int gm, real margin, Contacts* out HULL_P) {
    if (hull_has(gm)) {
        int n = hull_flat_capsule(capPos, capMat, meshPos, meshMat, gc, gm, margin, out HULL_A);
        if (n >= 0) {
            return n;
        }
    }
    return collide_mpr_point(capPos, capMat, meshPos, meshMat, gc, gm, margin, out HULL_A);
}

/* ---------------------------------------------------------------- polytope pairs */
#define HULL_EDGE_REL ((real)0.98)
#define HULL_EDGE_ABS ((real)1e-5)

typedef struct {
    HullFrame wa, wb;
    real height[HULL_MAXV];
    int list[HULL_MAXE];
    real sepE;
    int ea0, ea1, eb0, eb1;
    real axis[3];
} HullPair;

real hull_face_separation(const HullFrame* w, int f, HullFrame* o HULL_P) {
    real n[3];
    hull_frame_normal(w, f, n HULL_A);
    return hull_frame_min_dot(o, n[0], n[1], n[2] HULL_A) - hull_frame_off(w, f HULL_A);
}

real hull_bound(const HullFrame* w, int f, const HullFrame* o HULL_P) {
    real n[3];
    hull_frame_normal(w, f, n HULL_A);
    return n[0] * o->c[0] + n[1] * o->c[1] + n[2] * o->c[2] - hull_frame_off(w, f HULL_A);
}

/* HullContacts.slabEdges into list; heights in height */
int hull_slab_edges(const HullFrame* w, real* height, int* list, real nx, real ny, real nz,
                    real lo, real hi HULL_P) {
    for (int i = 0; i < w->nv; i++) {
        height[i] = nx * w->v[3 * i] + ny * w->v[3 * i + 1] + nz * w->v[3 * i + 2];
    }
    int n = 0;
    for (int e = w->es; e < w->es + w->ne; e++) {
        real h0 = height[HULL_EDGE_VERT[2 * e]], h1 = height[HULL_EDGE_VERT[2 * e + 1]];
        if (max(h0, h1) >= lo && min(h0, h1) <= hi) {
            list[n++] = e;
        }
    }
    return n;
}

/* HullContacts.edges. The reference keeps two edge lists (A's, B's); here A's edges are tested
 * one at a time against B's list, and A's slab membership is recomputed per edge from the same
 * heights, so the pairs are visited in the same order with one list's storage. */
bool hull_edges(HullPair* h, real margin, real nx0, real ny0, real nz0 HULL_P) {
    HullFrame* wa = &h->wa;
    HullFrame* wb = &h->wb;
    h->sepE = -INFINITY;
    bool found = false;
    real hiA = -hull_frame_min_dot(wa, -nx0, -ny0, -nz0 HULL_A), loB = hull_frame_min_dot(wb, nx0, ny0, nz0 HULL_A);
    real lo = loB - margin, hi = hiA + margin;
    int nf = hull_slab_edges(wb, h->height, h->list, nx0, ny0, nz0, lo, hi HULL_A);
    const real* va = wa->v;
    const real* vb = wb->v;
    for (int i = wa->es; i < wa->es + wa->ne; i++) {
        int a0 = HULL_EDGE_VERT[2 * i], a1 = HULL_EDGE_VERT[2 * i + 1];
        real h0 = nx0 * va[3 * a0] + ny0 * va[3 * a0 + 1] + nz0 * va[3 * a0 + 2];
        real h1 = nx0 * va[3 * a1] + ny0 * va[3 * a1 + 1] + nz0 * va[3 * a1 + 2];
        if (!(max(h0, h1) >= lo && min(h0, h1) <= hi)) {
            continue;
        }
        real na[3], nb[3];
        hull_frame_normal(wa, HULL_EDGE_FACE[2 * i], na HULL_A);
        hull_frame_normal(wa, HULL_EDGE_FACE[2 * i + 1], nb HULL_A);
        real ax = na[0], ay = na[1], az = na[2];
        real bx = nb[0], by = nb[1], bz = nb[2];
        real bax = by * az - bz * ay, bay = bz * ax - bx * az, baz = bx * ay - by * ax;
        real ex = va[3 * a1] - va[3 * a0], ey = va[3 * a1 + 1] - va[3 * a0 + 1],
             ez = va[3 * a1 + 2] - va[3 * a0 + 2];
        for (int jj = 0; jj < nf; jj++) {
            int j = h->list[jj];
            real nc[3], nd[3];
            hull_frame_normal(wb, HULL_EDGE_FACE[2 * j], nc HULL_A);
            hull_frame_normal(wb, HULL_EDGE_FACE[2 * j + 1], nd HULL_A);
            real cx = -nc[0], cy = -nc[1], cz = -nc[2];
            real dx = -nd[0], dy = -nd[1], dz = -nd[2];
            real cba = cx * bax + cy * bay + cz * baz;
            real dba = dx * bax + dy * bay + dz * baz;
            if (cba * dba >= 0) {
                continue;
            }
            real dcx = dy * cz - dz * cy, dcy = dz * cx - dx * cz, dcz = dx * cy - dy * cx;
            real adc = ax * dcx + ay * dcy + az * dcz;
            real bdc = bx * dcx + by * dcy + bz * dcz;
            if (adc * bdc >= 0 || cba * bdc <= 0) {
                continue;
            }
            int b0 = HULL_EDGE_VERT[2 * j], b1 = HULL_EDGE_VERT[2 * j + 1];
            real fx = vb[3 * b1] - vb[3 * b0], fy = vb[3 * b1 + 1] - vb[3 * b0 + 1],
                 fz = vb[3 * b1 + 2] - vb[3 * b0 + 2];
            real nx = ey * fz - ez * fy, ny = ez * fx - ex * fz, nz = ex * fy - ey * fx;
            real len = sqrt(nx * nx + ny * ny + nz * nz);
            real el = sqrt((ex * ex + ey * ey + ez * ez) * (fx * fx + fy * fy + fz * fz));
            if (len <= (real)1e-6 * el) {
                continue;
            }
            nx /= len;
            ny /= len;
            nz /= len;
            if (nx * (va[3 * a0] - wa->c[0]) + ny * (va[3 * a0 + 1] - wa->c[1]) +
                    nz * (va[3 * a0 + 2] - wa->c[2]) <
                0) {
                nx = -nx;
                ny = -ny;
                nz = -nz;
            }
            real s = nx * (vb[3 * b0] - va[3 * a0]) + ny * (vb[3 * b0 + 1] - va[3 * a0 + 1]) +
                     nz * (vb[3 * b0 + 2] - va[3 * a0 + 2]);
            if (s >= margin) {
                h->sepE = NAN;
                return false;
            }
            if (s > h->sepE) {
                h->sepE = s;
                found = true;
                h->ea0 = a0;
                h->ea1 = a1;
                h->eb0 = b0;
                h->eb1 = b1;
                h->axis[0] = nx;
                h->axis[1] = ny;
                h->axis[2] = nz;
            }
        }
    }
    return found;
}

int hull_edge_contact(const HullPair* h, int ga, int gb, Contacts* out) {
    const real* va = h->wa.v;
    const real* vb = h->wb.v;
    int ea0 = h->ea0, ea1 = h->ea1, eb0 = h->eb0, eb1 = h->eb1;
    real p1x = va[3 * ea0], p1y = va[3 * ea0 + 1], p1z = va[3 * ea0 + 2];
    real q1x = vb[3 * eb0], q1y = vb[3 * eb0 + 1], q1z = vb[3 * eb0 + 2];
    real d1x = va[3 * ea1] - p1x, d1y = va[3 * ea1 + 1] - p1y, d1z = va[3 * ea1 + 2] - p1z;
    real d2x = vb[3 * eb1] - q1x, d2y = vb[3 * eb1 + 1] - q1y, d2z = vb[3 * eb1 + 2] - q1z;
    real rx = p1x - q1x, ry = p1y - q1y, rz = p1z - q1z;
    real a = d1x * d1x + d1y * d1y + d1z * d1z, e = d2x * d2x + d2y * d2y + d2z * d2z;
    real b = d1x * d2x + d1y * d2y + d1z * d2z;
    real c = d1x * rx + d1y * ry + d1z * rz, f = d2x * rx + d2y * ry + d2z * rz;
    real den = a * e - b * b;
    real s = den > 0 ? hull_clamp01((b * f - c * e) / den) : 0;
    real t = hull_clamp01((b * s + f) / e);
    s = hull_clamp01((b * t - c) / a);
    real px = (real)0.5 * (p1x + s * d1x + q1x + t * d2x);
    real py = (real)0.5 * (p1y + s * d1y + q1y + t * d2y);
    real pz = (real)0.5 * (p1z + s * d1z + q1z + t * d2z);
    return contacts_add(out, ga, gb, px, py, pz, h->axis[0], h->axis[1], h->axis[2], h->sepE);
}

/* HullContacts.collide: polytopes ga, gb (boxes or meshes with faces); normals from ga to gb */
int collide_hull_hull(const real* posA, const real* matA, const real* posB, const real* matB,
                      int ga, int gb, real margin, Contacts* out HULL_P) {
    real ca[3], cb[3];
    hull_centroid(ga, posA, matA, ca);
    hull_centroid(gb, posB, matB, cb);
    real mx, my, mz;
    {
        HullMpr mpr;
        if (!hull_mpr_penetrate(&mpr, ga, posA, matA, gb, posB, matB, ca, cb, margin + (real)1e-6 HULL_A)) {
            return 0;
        }
        mx = mpr.normal[0];
        my = mpr.normal[1];
        mz = mpr.normal[2];
    }
    HullPair h;
    HullFrame* wa = &h.wa;
    HullFrame* wb = &h.wb;
    hull_frame_load(wa, ga, posA, matA HULL_A);
    hull_frame_load(wb, gb, posB, matB HULL_A);
    int fa = hull_frame_most_anti_parallel(wa, -mx, -my, -mz HULL_A), fb = hull_frame_most_anti_parallel(wb, mx, my, mz HULL_A);
    real sepA = hull_face_separation(wa, fa, wb HULL_A), sepB = hull_face_separation(wb, fb, wa HULL_A);
    if (sepA >= margin || sepB >= margin) {
        return 0;
    }
    for (int f = 0; f < wa->nf; f++) {
        if (f == fa || hull_bound(wa, f, wb HULL_A) <= sepA) {
            continue;
        }
        real s = hull_face_separation(wa, f, wb HULL_A);
        if (s >= margin) {
            return 0;
        }
        if (s > sepA) {
            sepA = s;
            fa = f;
        }
    }
    for (int f = 0; f < wb->nf; f++) {
        if (f == fb || hull_bound(wb, f, wa HULL_A) <= sepB) {
            continue;
        }
        real s = hull_face_separation(wb, f, wa HULL_A);
        if (s >= margin) {
            return 0;
        }
        if (s > sepB) {
            sepB = s;
            fb = f;
        }
    }
    bool refA = !(sepB > HULL_EDGE_REL * sepA + HULL_EDGE_ABS);
    real faceSep = refA ? sepA : sepB;
    real sn[3];
    if (refA) {
        hull_frame_normal(wa, fa, sn HULL_A);
    } else {
        hull_frame_normal(wb, fb, sn HULL_A);
        sn[0] = -sn[0];
        sn[1] = -sn[1];
        sn[2] = -sn[2];
    }
    if (hull_edges(&h, margin, sn[0], sn[1], sn[2] HULL_A) && h.sepE > HULL_EDGE_REL * faceSep + HULL_EDGE_ABS) {
        return hull_edge_contact(&h, ga, gb, out);
    }
    if (isnan(h.sepE)) {
        return 0;
    }
    HullFrame* ref = refA ? wa : wb;
    HullFrame* inc = refA ? wb : wa;
    HullClipper clip;
    hull_frame_reference(ref, refA ? fa : fb, &clip HULL_A);
    real nx = clip.normal[0], ny = clip.normal[1], nz = clip.normal[2];
    hull_frame_incident(inc, hull_frame_most_anti_parallel(inc, nx, ny, nz HULL_A), &clip HULL_A);
    HullManifold man;
    man.count = 0;
    hull_clip_into(&clip, &man, 0, margin);
    if (man.count == 0) {
        real low = hull_frame_min_dot(inc, nx, ny, nz HULL_A) - clip.offset;
        int i = inc->cursor;
        if (low < margin) {
            hull_manifold_add(&man, inc->v[3 * i] - (real)0.5 * low * nx,
                         inc->v[3 * i + 1] - (real)0.5 * low * ny,
                         inc->v[3 * i + 2] - (real)0.5 * low * nz, low);
        }
    }
    real sg = refA ? 1 : -1;
    return hull_manifold_emit(&man, out, ga, gb, sg * nx, sg * ny, sg * nz);
}

/* ---------------------------------------------------------------- plane against cylinder */
/* PlaneContacts.point on pose arrays: plane gp against a point inflated by r */
int hull_plane_point(const real* planePos, const real* planeMat, int gp, int g, real x, real y,
                     real z, real r, real margin, Contacts* out) {
    real nx = planeMat[2], ny = planeMat[5], nz = planeMat[8];
    real dist = nx * (x - planePos[0]) + ny * (y - planePos[1]) + nz * (z - planePos[2]) - r;
    if (dist > margin) {
        return 0;
    }
    real back = r + (real)0.5 * dist;
    return contacts_add(out, gp, g, x - back * nx, y - back * ny, z - back * nz, nx, ny, nz, dist);
}

/* PlaneContacts.cylinder: per cap the rim point deepest towards the plane and two 120 degrees on */
int collide_plane_cylinder(const real* planePos, const real* planeMat, const real* cylPos,
                           const real* cylMat, int gp, int gc, real margin, Contacts* out) {
    const real* m = cylMat;
    real nx = planeMat[2], ny = planeMat[5], nz = planeMat[8];
    real ax = m[2], ay = m[5], az = m[8];
    real r = HULL_GEOM_SIZE[3 * gc], h = HULL_GEOM_SIZE[3 * gc + 1];
    real na = nx * ax + ny * ay + nz * az;
    real ux = -(nx - na * ax), uy = -(ny - na * ay), uz = -(nz - na * az);
    real ul = sqrt(ux * ux + uy * uy + uz * uz);
    if (ul < (real)1e-9) {
        ux = m[0];
        uy = m[3];
        uz = m[6];
    } else {
        ux /= ul;
        uy /= ul;
        uz /= ul;
    }
    real wx = ay * uz - az * uy, wy = az * ux - ax * uz, wz = ax * uy - ay * ux;
    int n = 0;
    for (int cap = -1; cap <= 1; cap += 2) {
        real cx = cylPos[0] + cap * h * ax;
        real cy = cylPos[1] + cap * h * ay;
        real cz = cylPos[2] + cap * h * az;
        for (int k = 0; k < 3; k++) {
            real cs = k == 0 ? (real)1 : (real)-0.5;
            real sn = k == 0 ? (real)0
                             : (k == 1 ? (real)0.8660254037844386 : (real)-0.8660254037844386);
            real x = cx + r * (cs * ux + sn * wx), y = cy + r * (cs * uy + sn * wy),
                 z = cz + r * (cs * uz + sn * wz);
            n += hull_plane_point(planePos, planeMat, gp, gc, x, y, z, 0, margin, out);
        }
    }
    return n;
}

/* ---------------------------------------------------------------- pairs with a cylinder */
/* CurvedContacts: a flat reference face (a polytope face, else a cylinder cap near the MPR
 * normal), the other geom's feature facing it clipped to it; else the ends of two parallel side
 * lines; else the MPR point. The cap's 12 rim directions are the reference's (HULL_RIM_COS/SIN,
 * StrictMath on the host). */
#define HULL_RIM 12
#define HULL_COS_CAP ((real)0.95)
/* How much less a polytope face may separate than the portal and still be the reference: 1e-9 m
 * in the reference, a float64 rounding allowance between the face's exact separation and MPR's
 * distance, which agree in exact arithmetic for a flat contact (a cylinder lying on a box face).
 * In float32 both round by 1e-8 m and more at the geoms' coordinates; with 1e-9 the face lost
 * against the portal on some steps, and a drum rolling on a table fell back from its side line's
 * two points to the single MPR point (2e-4 m off the reference after 1 s, against 3e-6 m with
 * 1e-6). float32 allows 1e-6 m; float64 keeps the reference's 1e-9 and with it its contacts. */
#ifdef ARM_DOUBLE
#define HULL_FACE_SLACK ((real)1e-9)
#else
#define HULL_FACE_SLACK ((real)1e-6)
#endif

typedef struct {
    HullFrame world;
    HullClipper clip;
    HullManifold man;
} HullCurved;

/* CurvedContacts.rim: the 12 rim points of cylinder g's cap sgn (+1 = +z) into out, counter-
 * clockwise about sgn * axis */
void hull_rim(int g, const real* p, const real* m, int sgn, real* out) {
    real r = HULL_GEOM_SIZE[3 * g], hl = HULL_GEOM_SIZE[3 * g + 1];
    for (int k = 0; k < HULL_RIM; k++) {
        real cs = HULL_RIM_COS[k], sn = sgn * HULL_RIM_SIN[k];
        for (int e = 0; e < 3; e++) {
            out[3 * k + e] = p[e] + sgn * hl * m[3 * e + 2] + r * (cs * m[3 * e] + sn * m[3 * e + 1]);
        }
    }
}

/* CurvedContacts.segment: a capsule's axis end points into out[0..6) */
void hull_axis_points(int g, const real* p, const real* m, real* out) {
    real hl = HULL_GEOM_SIZE[3 * g + 1];
    for (int e = -1, i = 0; e <= 1; e += 2, i++) {
        out[3 * i] = p[0] + e * hl * m[2];
        out[3 * i + 1] = p[1] + e * hl * m[5];
        out[3 * i + 2] = p[2] + e * hl * m[8];
    }
}

/* CurvedContacts.sideLine: cylinder g's side line farthest along (dx, dy, dz), one rim point on
 * each cap, into out[0..6) */
void hull_side_line(int g, const real* p, const real* m, real dx, real dy, real dz, real* out) {
    real ax = m[2], ay = m[5], az = m[8];
    real r = HULL_GEOM_SIZE[3 * g], hl = HULL_GEOM_SIZE[3 * g + 1];
    real c = dx * ax + dy * ay + dz * az;
    real ux = dx - c * ax, uy = dy - c * ay, uz = dz - c * az;
    real ul = sqrt(ux * ux + uy * uy + uz * uz);
    if (ul < (real)1e-12) {
        ux = m[0];
        uy = m[3];
        uz = m[6];
    } else {
        ux /= ul;
        uy /= ul;
        uz /= ul;
    }
    for (int e = -1, i = 0; e <= 1; e += 2, i++) {
        out[3 * i] = p[0] + e * hl * ax + r * ux;
        out[3 * i + 1] = p[1] + e * hl * ay + r * uy;
        out[3 * i + 2] = p[2] + e * hl * az + r * uz;
    }
}

/* a segment as the clipper's incident polygon */
void hull_clip_segment(HullClipper* clip, const real* s) {
    clip->count = 0;
    hull_clip_point(clip, s[0], s[1], s[2]);
    hull_clip_point(clip, s[3], s[4], s[5]);
}

/* CurvedContacts.capReference: cylinder g's cap sgn as the reference polygon */
void hull_cap_reference(HullClipper* clip, int g, const real* p, const real* m, int sgn) {
    hull_rim(g, p, m, sgn, clip->ref);
    clip->refCount = HULL_RIM;
    clip->normal[0] = sgn * m[2];
    clip->normal[1] = sgn * m[5];
    clip->normal[2] = sgn * m[8];
    hull_clip_set_plane(clip);
}

/* CurvedContacts.clipOther: geom g's feature facing the reference face, clipped into the
 * manifold; true when any point survived */
bool hull_clip_other(HullCurved* c, int g, const real* p, const real* m, real margin HULL_P) {
    real nx = c->clip.normal[0], ny = c->clip.normal[1], nz = c->clip.normal[2];
    real radius = 0;
    real seg[6];
    switch (HULL_GEOM_TYPE[g]) {
    case HULL_T_CAPSULE:
        hull_axis_points(g, p, m, seg);
        hull_clip_segment(&c->clip, seg);
        radius = HULL_GEOM_SIZE[3 * g];
        break;
    case HULL_T_CYLINDER: {
        real cc = nx * m[2] + ny * m[5] + nz * m[8];
        if (fabs(cc) >= HULL_COS_CAP) {
            /* the cap facing the reference face, against its normal */
            hull_rim(g, p, m, cc > 0 ? -1 : 1, c->clip.a);
            c->clip.count = HULL_RIM;
        } else {
            hull_side_line(g, p, m, -nx, -ny, -nz, seg);
            hull_clip_segment(&c->clip, seg);
        }
        break;
    }
    case HULL_T_BOX:
    case HULL_T_MESH:
        if (!hull_has(g)) {
            return false;
        }
        hull_frame_load(&c->world, g, p, m HULL_A);
        hull_frame_incident(&c->world, hull_frame_most_anti_parallel(&c->world, nx, ny, nz HULL_A),
                            &c->clip HULL_A);
        break;
    default:
        return false;
    }
    c->man.count = 0;
    hull_clip_into(&c->clip, &c->man, radius, margin);
    return c->man.count > 0;
}

/* CurvedContacts.emit: the manifold with the reference normal, from ga to gb */
int hull_curved_emit(HullCurved* c, Contacts* out, int ga, int gb, bool refOnA) {
    real sg = refOnA ? 1 : -1;
    return hull_manifold_emit(&c->man, out, ga, gb, sg * c->clip.normal[0],
                              sg * c->clip.normal[1], sg * c->clip.normal[2]);
}

/* CurvedContacts.sideOrAxis: geom g's segment facing (dx, dy, dz) into out[0..6), a cylinder's
 * side line (radius 0 returned) or a capsule's axis (its radius returned) */
real hull_side_or_axis(int g, const real* p, const real* m, real dx, real dy, real dz, real* out) {
    if (HULL_GEOM_TYPE[g] == HULL_T_CYLINDER) {
        hull_side_line(g, p, m, dx, dy, dz, out);
        return 0;
    }
    hull_axis_points(g, p, m, out);
    return HULL_GEOM_SIZE[3 * g];
}

/* CurvedContacts.parallelLines: cylinder or capsule sides lying along each other, one contact at
 * each end of their overlap; -1 when they do not lie along each other */
int hull_parallel_lines(HullManifold* man, const real* pa, const real* ra, const real* pb,
                        const real* rb, int ga, int gb, real nx, real ny, real nz, real margin,
                        Contacts* out) {
    real ax = ra[2], ay = ra[5], az = ra[8];
    real bx = rb[2], by = rb[5], bz = rb[8];
    if (fabs(ax * bx + ay * by + az * bz) < (real)0.995 ||
        fabs(ax * nx + ay * ny + az * nz) > HULL_SIN_FLAT_CAPSULE) {
        return -1;
    }
    /* between parallel round sides the normal is the axes' common perpendicular */
    real wx = pb[0] - pa[0], wy = pb[1] - pa[1], wz = pb[2] - pa[2];
    real along = wx * ax + wy * ay + wz * az;
    wx -= along * ax;
    wy -= along * ay;
    wz -= along * az;
    real wl = sqrt(wx * wx + wy * wy + wz * wz);
    if (wl > (real)1e-12 && wx * nx + wy * ny + wz * nz > 0) {
        nx = wx / wl;
        ny = wy / wl;
        nz = wz / wl;
    }
    real line[12];
    real rA = hull_side_or_axis(ga, pa, ra, nx, ny, nz, line);
    real rB = hull_side_or_axis(gb, pb, rb, -nx, -ny, -nz, line + 6);
    real ha = HULL_GEOM_SIZE[3 * ga + 1];
    real cx = (real)0.5 * (line[0] + line[3]), cy = (real)0.5 * (line[1] + line[4]),
         cz = (real)0.5 * (line[2] + line[5]);
    real t0 = (line[6] - cx) * ax + (line[7] - cy) * ay + (line[8] - cz) * az;
    real t1 = (line[9] - cx) * ax + (line[10] - cy) * ay + (line[11] - cz) * az;
    real lo = fmax(-ha, fmin(t0, t1)), hi = fmin(ha, fmax(t0, t1));
    if (hi - lo <= (real)1e-9 * ha) {
        return -1;
    }
    man->count = 0;
    real ex = line[9] - line[6], ey = line[10] - line[7], ez = line[11] - line[8];
    real e2 = ex * ex + ey * ey + ez * ez;
    for (int end = 0; end < 2; end++) {
        real t = end == 0 ? lo : hi;
        real px = cx + t * ax, py = cy + t * ay, pz = cz + t * az;
        real u = ((px - line[6]) * ex + (py - line[7]) * ey + (pz - line[8]) * ez) / e2;
        u = hull_clamp01(u);
        real qx = line[6] + u * ex, qy = line[7] + u * ey, qz = line[8] + u * ez;
        real dist = nx * (qx - px) + ny * (qy - py) + nz * (qz - pz) - rA - rB;
        if (dist < margin) {
            real back = rA + (real)0.5 * dist;
            hull_manifold_add(man, px + back * nx, py + back * ny, pz + back * nz, dist);
        }
    }
    return hull_manifold_emit(man, out, ga, gb, nx, ny, nz);
}

/* CurvedContacts.collide: a pair with at least one cylinder (not a sphere), geoms in NarrowPhase's
 * order; normals from ga to gb */
int collide_curved(const real* pa, const real* ra, const real* pb, const real* rb, int ga, int gb,
                   real margin, Contacts* out HULL_P) {
    real ca[3], cb[3];
    hull_centroid(ga, pa, ra, ca);
    hull_centroid(gb, pb, rb, cb);
    real nx, ny, nz, dist, mp[3];
    {
        HullMpr mpr;
        if (!hull_mpr_penetrate(&mpr, ga, pa, ra, gb, pb, rb, ca, cb, margin HULL_A)) {
            return 0;
        }
        dist = margin - mpr.depth;
        if (dist >= margin) {
            return 0;
        }
        nx = mpr.normal[0];
        ny = mpr.normal[1];
        nz = mpr.normal[2];
        for (int k = 0; k < 3; k++) mp[k] = mpr.point[k];
    }
    int ta = HULL_GEOM_TYPE[ga], tb = HULL_GEOM_TYPE[gb];
    HullCurved c;
    /* 1. a polytope face that separates at least as well as the portal normal */
    for (int side = 0; side < 2; side++) {
        int gp = side == 0 ? ga : gb, go = side == 0 ? gb : ga;
        const real* pp = side == 0 ? pa : pb;
        const real* rp = side == 0 ? ra : rb;
        const real* po = side == 0 ? pb : pa;
        const real* ro = side == 0 ? rb : ra;
        if (!hull_has(gp)) {
            continue;
        }
        real sep;
        int f = hull_best_face(&c.world, &sep, gp, pp, rp, go, po, ro HULL_A);
        if (f >= 0 && sep >= dist - HULL_FACE_SLACK) {
            if (sep >= margin) {
                return 0;
            }
            hull_frame_reference(&c.world, f, &c.clip HULL_A);
            if (hull_clip_other(&c, go, po, ro, margin HULL_A)) {
                return hull_curved_emit(&c, out, ga, gb, side == 0);
            }
        }
    }
    /* 2. a cylinder cap close to the portal normal */
    for (int side = 0; side < 2; side++) {
        int gc = side == 0 ? ga : gb, go = side == 0 ? gb : ga;
        int t = side == 0 ? ta : tb;
        if (t != HULL_T_CYLINDER) {
            continue;
        }
        const real* pc = side == 0 ? pa : pb;
        const real* m = side == 0 ? ra : rb;
        const real* po = side == 0 ? pb : pa;
        const real* ro = side == 0 ? rb : ra;
        real sgn = side == 0 ? 1 : -1;
        real cc = sgn * (nx * m[2] + ny * m[5] + nz * m[8]);
        if (fabs(cc) >= HULL_COS_CAP) {
            hull_cap_reference(&c.clip, gc, pc, m, cc > 0 ? 1 : -1);
            if (hull_clip_other(&c, go, po, ro, margin HULL_A)) {
                return hull_curved_emit(&c, out, ga, gb, side == 0);
            }
        }
    }
    /* 3. two parallel side lines (cylinder or capsule axis): the ends of their overlap */
    if (ta != HULL_T_BOX && ta != HULL_T_MESH && tb != HULL_T_BOX && tb != HULL_T_MESH) {
        int n = hull_parallel_lines(&c.man, pa, ra, pb, rb, ga, gb, nx, ny, nz, margin, out);
        if (n >= 0) {
            return n;
        }
    }
    /* 4. one point from the portal (moved back from the inflated surface) */
    real back = (real)0.5 * margin;
    return contacts_add(out, ga, gb, mp[0] - back * nx, mp[1] - back * ny, mp[2] - back * nz, nx,
                        ny, nz, dist);
}

/* ---------------------------------------------------------------- dispatch */
/* NarrowPhase's order for its pair routines (the lower first) */
int hull_dispatch_rank(int t) {
    switch (t) {
    case HULL_T_PLANE: return 0;
    case HULL_T_SPHERE: return 1;
    case HULL_T_CAPSULE: return 2;
    case HULL_T_BOX: return 3;
    case HULL_T_CYLINDER: return 4;
    case HULL_T_MESH: return 5;
    default: return 6;
    }
}

/* NarrowPhase.mujocoRank: the type's place in MuJoCo's order, which decides geom1 of a contact */
int hull_mujoco_rank(int t) {
    switch (t) {
    case HULL_T_PLANE: return 0;
    case HULL_T_SPHERE: return 2;
    case HULL_T_CAPSULE: return 3;
    case HULL_T_CYLINDER: return 5;
    case HULL_T_BOX: return 6;
    case HULL_T_MESH: return 7;
    default: return 4;
    }
}

/*
 * NarrowPhase.collide for a pair with at least one MESH or CYLINDER geom (g1, g2 in the caller's
 * order). Returns the contacts added, or -1 when the pair is not one this part handles. The pair is
 * computed with the geom of lower dispatch rank first; where that differs from MuJoCo's order (a box
 * with a cylinder: the box is computed first, MuJoCo puts the cylinder first) the new contacts get
 * their geoms swapped, the normal negated and the tangent frame remade, as the reference does.
 */
int hull_collide(const real* pos1, const real* mat1, const real* pos2, const real* mat2, int g1,
                 int g2, real margin, Contacts* out HULL_P) {
    int t1 = HULL_GEOM_TYPE[g1], t2 = HULL_GEOM_TYPE[g2];
    if (t1 != HULL_T_MESH && t2 != HULL_T_MESH && t1 != HULL_T_CYLINDER && t2 != HULL_T_CYLINDER) {
        return -1;
    }
    bool computedSwapped = hull_dispatch_rank(t1) > hull_dispatch_rank(t2);
    bool mujocoSwapped = hull_mujoco_rank(t1) > hull_mujoco_rank(t2);
    if (computedSwapped) {
        const real* tp = pos1;
        pos1 = pos2;
        pos2 = tp;
        const real* tm = mat1;
        mat1 = mat2;
        mat2 = tm;
        int tg = g1;
        g1 = g2;
        g2 = tg;
        int tt = t1;
        t1 = t2;
        t2 = tt;
    }
    int start = out->n;
    int n;
    /* now t1 ranks no higher than t2, and t2 is a mesh or a cylinder */
    switch (t1) {
    case HULL_T_PLANE:
        n = t2 == HULL_T_CYLINDER
                    ? collide_plane_cylinder(pos1, mat1, pos2, mat2, g1, g2, margin, out)
                    : collide_plane_mesh(pos1, mat1, pos2, mat2, g1, g2, margin, out HULL_A);
        break;
    case HULL_T_SPHERE:
        /* NarrowPhase.general: one MPR point against a mesh or a cylinder */
        n = collide_mpr_point(pos1, mat1, pos2, mat2, g1, g2, margin, out HULL_A);
        break;
    case HULL_T_CAPSULE:
        n = t2 == HULL_T_MESH
                    ? collide_capsule_mesh(pos1, mat1, pos2, mat2, g1, g2, margin, out HULL_A)
                    : collide_curved(pos1, mat1, pos2, mat2, g1, g2, margin, out HULL_A);
        break;
    case HULL_T_BOX:
    case HULL_T_MESH:
        if (t2 == HULL_T_CYLINDER) {
            n = collide_curved(pos1, mat1, pos2, mat2, g1, g2, margin, out HULL_A);
        } else if (hull_has(g1) && hull_has(g2)) {
            n = collide_hull_hull(pos1, mat1, pos2, mat2, g1, g2, margin, out HULL_A);
        } else {
            n = collide_mpr_point(pos1, mat1, pos2, mat2, g1, g2, margin, out HULL_A);
        }
        break;
    case HULL_T_CYLINDER:
        /* cylinder against cylinder or mesh */
        n = collide_curved(pos1, mat1, pos2, mat2, g1, g2, margin, out HULL_A);
        break;
    default:
        return -1;
    }
    if (computedSwapped != mujocoSwapped) {
        for (int c = start; c < out->n; c++) {
            int g = out->geom1[c];
            out->geom1[c] = out->geom2[c];
            out->geom2[c] = g;
            real* f = out->frame + 9 * c;
            for (int k = 0; k < 3; k++) f[k] = -f[k];
            make_frame(f);
        }
    }
    return n;
}

/* the OpenCL C default again for the parts after this one */
#pragma OPENCL FP_CONTRACT ON
#endif

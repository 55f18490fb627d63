/*
 * Appending to a world's Contacts buffer, shared by collision.cl and hull.cl: ContactSet.add and
 * ContactSet.makeFrame translated operation for operation. Contraction into fused multiply-adds is
 * off here as in those parts, so the tangent frames round as the reference's do.
 */
#if defined(ARM_CONTACTS) || defined(ARM_HULLS)
#pragma OPENCL FP_CONTRACT OFF

/* ContactSet.makeFrame: tangents for the unit normal f[0..3) */
void make_frame(real* f) {
    real nx = f[0], ny = f[1], nz = f[2];
    real tx = 0, ty = 0, tz = 0;
    if (ny < (real)0.5 && ny > (real)-0.5) {
        ty = 1;
    } else {
        tz = 1;
    }
    real dt = nx * tx + ny * ty + nz * tz;
    tx -= dt * nx;
    ty -= dt * ny;
    tz -= dt * nz;
    real len = sqrt(tx * tx + ty * ty + tz * tz);
    tx /= len;
    ty /= len;
    tz /= len;
    f[3] = tx; f[4] = ty; f[5] = tz;
    f[6] = ny * tz - nz * ty;
    f[7] = nz * tx - nx * tz;
    f[8] = nx * ty - ny * tx;
}

/* ContactSet.add: 1 when stored, 0 when the buffer is full (counted in dropped, never written) */
int contacts_add(Contacts* c, int g1, int g2, real px, real py, real pz, real nx, real ny, real nz,
            real dist) {
    if (c->n == MAXCON) {
        c->dropped++;
        return 0;
    }
    int i = c->n++;
    c->geom1[i] = g1;
    c->geom2[i] = g2;
    c->pos[3 * i] = px; c->pos[3 * i + 1] = py; c->pos[3 * i + 2] = pz;
    real* f = c->frame + 9 * i;
    f[0] = nx; f[1] = ny; f[2] = nz;
    make_frame(f);
    c->dist[i] = dist;
    return 1;
}

#pragma OPENCL FP_CONTRACT ON
#endif

/* Armature test peer: the AprilTag reference implementation (Debian libapriltag) as a command.
 *   render FAMILY ID OUT.pgm   the tag bitmap as apriltag_to_image draws it (one pixel per bit)
 *   detect FAMILY IN.pgm       one line per detection: id, then p[0..3] as x y pairs */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <apriltag/apriltag.h>
#include <apriltag/tag36h11.h>
#include <apriltag/tag25h9.h>
#include <apriltag/tag16h5.h>
#include <apriltag/common/image_u8.h>

/* Plain PGM (P5, maxval 255) I/O of our own: only libapriltag itself is linked. */
static int write_pgm(const image_u8_t *im, const char *path) {
    FILE *f = fopen(path, "wb");
    if (f == NULL) return 1;
    fprintf(f, "P5\n%d %d\n255\n", im->width, im->height);
    for (int y = 0; y < im->height; y++) fwrite(im->buf + y * im->stride, 1, im->width, f);
    return fclose(f) == 0 ? 0 : 1;
}

static image_u8_t *read_pgm(const char *path) {
    FILE *f = fopen(path, "rb");
    int w, h, maxval;
    if (f == NULL || fscanf(f, "P5 %d %d %d", &w, &h, &maxval) != 3 || maxval != 255 || fgetc(f) == EOF) return NULL;
    uint8_t *buf = malloc((size_t) w * h);
    if (fread(buf, 1, (size_t) w * h, f) != (size_t) w * h) return NULL;
    fclose(f);
    image_u8_t tmp = {.width = w, .height = h, .stride = w, .buf = buf};
    image_u8_t *im = malloc(sizeof(image_u8_t));
    memcpy(im, &tmp, sizeof(tmp));
    return im;
}

static apriltag_family_t *family(const char *name) {
    if (strcmp(name, "tag36h11") == 0) return tag36h11_create();
    if (strcmp(name, "tag25h9") == 0) return tag25h9_create();
    if (strcmp(name, "tag16h5") == 0) return tag16h5_create();
    fprintf(stderr, "unknown family %s\n", name);
    exit(2);
}

int main(int argc, char **argv) {
    if (argc == 5 && strcmp(argv[1], "render") == 0) {
        image_u8_t *im = apriltag_to_image(family(argv[2]), atoi(argv[3]));
        return write_pgm(im, argv[4]) == 0 ? 0 : 1;
    }
    if (argc == 4 && strcmp(argv[1], "detect") == 0) {
        image_u8_t *im = read_pgm(argv[3]);
        if (im == NULL) { fprintf(stderr, "cannot read %s\n", argv[3]); return 1; }
        apriltag_detector_t *td = apriltag_detector_create();
        apriltag_detector_add_family(td, family(argv[2]));
        td->quad_decimate = 1.0;
        td->nthreads = 1;
        zarray_t *found = apriltag_detector_detect(td, im);
        for (int i = 0; i < zarray_size(found); i++) {
            apriltag_detection_t *d;
            zarray_get(found, i, &d);
            printf("%d", d->id);
            for (int k = 0; k < 4; k++) printf(" %.4f %.4f", d->p[k][0], d->p[k][1]);
            printf("\n");
        }
        return 0;
    }
    fprintf(stderr, "usage: render FAMILY ID OUT.pgm | detect FAMILY IN.pgm\n");
    return 2;
}

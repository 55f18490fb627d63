package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import armature.vision.synthetic.MarkerBitmap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The AprilTag reference implementation (Debian {@code libapriltag-dev}, C) as a test peer: a tiny
 * C program (test resource {@code apriltag_ref.c}) compiled here with gcc. It renders tag bitmaps
 * ({@code apriltag_to_image}) and detects tags in PGM images, printing {@code id x0 y0 ... x3 y3}
 * per detection in its own corner order ({@code apriltag_detection_t.p}). Skipped when gcc or the
 * library is missing on a developer machine; a failure in CI ({@code CI=true}, set by .ci/run,
 * which installs them).
 */
final class ApriltagReference {
    /** One detection by the reference: id and corners p[0..3] as x, y pairs. */
    record Detection(int id, double[] corners) {}

    private final Path program;

    private ApriltagReference(Path program) {
        this.program = program;
    }

    /** Compiles the peer into {@code dir}, or skips (fails in CI) when it cannot. */
    static ApriltagReference compile(Path dir) throws Exception {
        String why = null;
        if (!Files.exists(Path.of("/usr/include/apriltag/apriltag.h"))) {
            why =
                    "the AprilTag reference library is not installed (apt-get install libapriltag-dev)";
        } else if (!runs("gcc", "--version")) {
            why = "gcc is not installed";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must compare with the AprilTag reference, but " + why);
        }
        Assumptions.assumeTrue(why == null, why);
        Path source = dir.resolve("apriltag_ref.c");
        try (InputStream in =
                ApriltagReference.class.getResourceAsStream("vision/apriltag_ref.c")) {
            Files.copy(in, source);
        }
        Path program = dir.resolve("apriltag_ref");
        Result r =
                run(
                        List.of(
                                "gcc",
                                "-O1",
                                "-o",
                                program.toString(),
                                source.toString(),
                                "-lapriltag",
                                "-lm"));
        assertThat(r.exit).as("gcc: " + r.output).isZero();
        return new ApriltagReference(program);
    }

    /** The family's bitmap of one tag as the reference draws it (white quiet zone included). */
    MarkerBitmap bitmap(String family, int id, Path dir) throws Exception {
        Path pgm = dir.resolve(family + "-" + id + "-bitmap.pgm");
        Result r =
                run(
                        List.of(
                                program.toString(),
                                "render",
                                family,
                                String.valueOf(id),
                                pgm.toString()));
        assertThat(r.exit).as(r.output).isZero();
        Pgm image = Pgm.read(pgm);
        assertThat(image.width()).isEqualTo(image.height());
        int[] grey = new int[image.width() * image.height()];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = image.pixels()[i] & 0xff;
        }
        // apriltag_to_image draws one white cell around the black border.
        return new MarkerBitmap(image.width(), grey, image.width() - 2);
    }

    /** What the reference finds in a PGM image. */
    List<Detection> detect(String family, Path pgm) throws Exception {
        Result r = run(List.of(program.toString(), "detect", family, pgm.toString()));
        assertThat(r.exit).as(r.output).isZero();
        List<Detection> out = new ArrayList<>();
        for (String line : r.output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" +");
            assertThat(f).as(line).hasSize(9);
            double[] c = new double[8];
            for (int i = 0; i < 8; i++) {
                c[i] = Double.parseDouble(f[i + 1]);
            }
            out.add(new Detection(Integer.parseInt(f[0]), c));
        }
        return out;
    }

    /** A binary PGM (P5, maxval 255). */
    record Pgm(int width, int height, byte[] pixels) {
        static Pgm read(Path file) throws IOException {
            byte[] b = Files.readAllBytes(file);
            String header = new String(b, 0, Math.min(64, b.length), StandardCharsets.US_ASCII);
            String[] f = header.split("\\s+", 5);
            assertThat(f[0]).isEqualTo("P5");
            int w = Integer.parseInt(f[1]);
            int h = Integer.parseInt(f[2]);
            byte[] pixels = new byte[w * h];
            System.arraycopy(b, b.length - pixels.length, pixels, 0, pixels.length);
            return new Pgm(w, h, pixels);
        }

        void write(Path file) throws IOException {
            byte[] header =
                    ("P5\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[header.length + pixels.length];
            System.arraycopy(header, 0, all, 0, header.length);
            System.arraycopy(pixels, 0, all, header.length, pixels.length);
            Files.write(file, all);
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

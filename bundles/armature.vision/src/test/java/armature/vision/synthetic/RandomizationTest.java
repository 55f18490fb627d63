package armature.vision.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.image.GreyImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lighting maps black and white paper to the drawn grey levels; blur spreads an edge; noise has its
 * sigma.
 */
class RandomizationTest {
    static GreyImage edge() {
        byte[] p = new byte[40 * 10];
        for (int y = 0; y < 10; y++) {
            for (int x = 20; x < 40; x++) {
                p[y * 40 + x] = (byte) 255;
            }
        }
        return new GreyImage(40, 10, p);
    }

    @Test
    void lightingBlurAndNoiseDoWhatTheySay() {
        GreyImage lit = new Randomization(30, 200, 0, 0).apply(edge(), new Random(1));
        assertThat(lit.at(0, 5)).isEqualTo(30);
        assertThat(lit.at(39, 5)).isEqualTo(200);
        GreyImage blurred = new Randomization(0, 255, 1.0, 0).apply(edge(), new Random(1));
        assertThat(blurred.at(19, 5)).isBetween(20, 127);
        assertThat(blurred.at(20, 5)).isBetween(128, 235);
        assertThat(blurred.at(5, 5)).isZero();
        GreyImage flat = new GreyImage(100, 100, new byte[100 * 100]);
        java.util.Arrays.fill(flat.pixels(), (byte) 128);
        GreyImage noisy = new Randomization(0, 255, 0, 4).apply(flat, new Random(2));
        double sum = 0;
        double sq = 0;
        for (byte b : noisy.pixels()) {
            int v = b & 0xff;
            sum += v;
            sq += v * v;
        }
        double mean = sum / 10_000;
        double sigma = Math.sqrt(sq / 10_000 - mean * mean);
        assertThat(sigma).isBetween(3.6, 4.4);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new Randomization(200, 100, 0, 0))
                .hasMessage(
                        "grey levels black 200, white 100; allowed: 0 <= black <= white <= 255");
        assertThatThrownBy(() -> new Randomization(0, 255, -1, 0))
                .hasMessageEndingWith("allowed: blur 0..10 px, noise 0..64 grey levels");
    }
}

package org.contrastive4j.augment;

import org.contrastive4j.data.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {

    /** A 1x4x5 gradient image: value (y * 5 + x) / 20. */
    private static Image ramp() {
        float[] d = new float[20];
        for (int i = 0; i < 20; i++) {
            d[i] = i / 20f;
        }
        return new Image(d, 1, 4, 5);
    }

    private static Image random(int c, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return new Image(d, c, h, w);
    }

    @Test
    void flipMirrorsEachRow() {
        Image out = new HorizontalFlip().apply(ramp(), new SplittableRandom(0));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(ramp().get(0, y, 4 - x), out.get(0, y, x));
            }
        }
    }

    @Test
    void resizedCropHasTheRequestedSizeAndStaysInsideTheSourceRange() {
        Image source = random(3, 28, 28, 1);
        RandomResizedCrop crop = new RandomResizedCrop(16, 0.08);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            Image out = crop.apply(source, r);
            assertEquals(3, out.channels());
            assertEquals(16, out.height());
            assertEquals(16, out.width());
            for (float v : out.data()) {
                assertTrue(v >= 0 && v <= 1, "bilinear values stay within the source's range");
            }
        }
        // A full-size crop at scale 1 and ratio 1 is the identity.
        Image same = new RandomResizedCrop(5, 1, 1, 1, 1).apply(new Image(new float[25], 1, 5, 5), r);
        assertArrayEquals(new float[25], same.data());
        Image identity = new RandomResizedCrop(4, 1, 1, 1, 1).apply(new Image(ramp().data().clone(), 1, 4, 5).copy(), r);
        assertEquals(4, identity.width());
    }

    @Test
    void cropOfTheWholeSquareImageIsTheImage() {
        Image source = random(1, 6, 6, 3);
        Image out = new RandomResizedCrop(6, 1, 1, 1, 1).apply(source, new SplittableRandom(0));
        assertArrayEquals(source.data(), out.data(), 1e-6f);
    }

    @Test
    void blurKeepsAConstantImageAndNearlyTheMeanOfAnother() {
        float[] c = new float[3 * 10 * 10];
        java.util.Arrays.fill(c, 0.3f);
        Image constant = new Image(c, 3, 10, 10);
        Image blurred = new GaussianBlur(0.5, 2).apply(constant, new SplittableRandom(0));
        assertArrayEquals(c, blurred.data(), 1e-6f);
        Image noisy = random(1, 32, 32, 4);
        assertEquals(noisy.mean(), new GaussianBlur(1, 1).apply(noisy, new SplittableRandom(0)).mean(), 0.01);
    }

    @Test
    void rotationByZeroIsTheIdentityAndCutoutZeroesASquare() {
        Image source = random(1, 8, 8, 5);
        assertArrayEquals(source.data(), new Rotation(0).apply(source, new SplittableRandom(0)).data(), 1e-6f);
        float[] ones = new float[64];
        java.util.Arrays.fill(ones, 1);
        Image out = new Cutout(0.5).apply(new Image(ones, 1, 8, 8), new SplittableRandom(6));
        int zeros = 0;
        for (float v : out.data()) {
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros <= 16, "a clipped 4x4 square: " + zeros);
    }

    @Test
    void grayscaleSobelAndJitterBehave() {
        Image rgb = random(3, 6, 6, 7);
        Image gray = new Grayscale().apply(rgb, new SplittableRandom(0));
        float[] lum = rgb.luminance();
        for (int i = 0; i < 36; i++) {
            assertEquals(lum[i], gray.data()[i], 1e-6);
            assertEquals(lum[i], gray.data()[72 + i], 1e-6);
        }
        float[] flat = new float[36];
        java.util.Arrays.fill(flat, 0.7f);
        assertArrayEquals(new float[36], new Sobel().apply(new Image(flat, 1, 6, 6), null).data(), 1e-6f);
        Image jittered = new ColorJitter(0.8, 0.8, 0.8, 0.2).apply(rgb, new SplittableRandom(8));
        for (float v : jittered.data()) {
            assertTrue(v >= 0 && v <= 1);
        }
        assertFalse(java.util.Arrays.equals(rgb.data(), jittered.data()));
    }

    @Test
    void sameSeedSameViewsOtherSeedOtherViews() {
        Augmentation t = ViewTransform.simclr(28).build();
        Image source = random(1, 28, 28, 9);
        Image a = t.apply(source, Seeds.forSample(1, 0, 5));
        Image b = t.apply(source, Seeds.forSample(1, 0, 5));
        Image c = t.apply(source, Seeds.forSample(2, 0, 5));
        assertArrayEquals(a.data(), b.data());
        assertFalse(java.util.Arrays.equals(a.data(), c.data()));
    }

    @Test
    void multiCropGivesGlobalViewsFirstThenLocalOnes() {
        ViewGenerator crops = ViewGenerator.multiCrop(new RandomResizedCrop(24, 0.4), 2, new RandomResizedCrop(12, 0.05, 0.4, 0.75, 1.33), 4);
        Image[] views = crops.views(random(1, 28, 28, 10), new SplittableRandom(1));
        assertEquals(6, views.length);
        assertEquals(6, crops.viewCount());
        for (int i = 0; i < 6; i++) {
            assertEquals(i < 2 ? 24 : 12, views[i].width());
        }
    }

    @Test
    void reflectIndexing() {
        assertEquals(1, GaussianBlur.reflect(-1, 5));
        assertEquals(3, GaussianBlur.reflect(5, 5));
        assertEquals(0, GaussianBlur.reflect(0, 5));
    }
}

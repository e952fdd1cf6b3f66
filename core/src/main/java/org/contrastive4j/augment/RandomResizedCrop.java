package org.contrastive4j.augment;

import java.util.SplittableRandom;

/**
 * Crops a random region whose area is a uniform fraction {@code scale} of the image and whose
 * aspect ratio is log-uniform in {@code ratio}, then resizes it to {@code size x size} with
 * bilinear interpolation (torchvision's RandomResizedCrop: ten tries, then a centre crop).
 */
public record RandomResizedCrop(int size, double minScale, double maxScale, double minRatio, double maxRatio)
        implements Augmentation {

    public RandomResizedCrop(int size, double minScale) {
        this(size, minScale, 1.0, 3.0 / 4, 4.0 / 3);
    }

    @Override
    public Image apply(Image image, SplittableRandom random) {
        int h = image.height();
        int w = image.width();
        double area = h * w;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + (maxScale - minScale) * random.nextDouble());
            double logRatio = Math.log(minRatio) + (Math.log(maxRatio) - Math.log(minRatio)) * random.nextDouble();
            double aspect = Math.exp(logRatio);
            int cw = (int) Math.round(Math.sqrt(target * aspect));
            int ch = (int) Math.round(Math.sqrt(target / aspect));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                int top = random.nextInt(h - ch + 1);
                int left = random.nextInt(w - cw + 1);
                return Resize.region(image, top, left, ch, cw, size, size);
            }
        }
        int side = Math.min(h, w);
        return Resize.region(image, (h - side) / 2, (w - side) / 2, side, side, size, size);
    }
}

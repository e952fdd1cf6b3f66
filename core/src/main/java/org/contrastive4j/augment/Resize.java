package org.contrastive4j.augment;

/** Bilinear resizing of a region, with half-pixel centres (align_corners = false). */
public final class Resize {
    private Resize() {}

    /** The region [top, top + height) x [left, left + width) resized to outHeight x outWidth. */
    public static Image region(Image image, int top, int left, int height, int width, int outHeight, int outWidth) {
        Image out = Image.blank(image.channels(), outHeight, outWidth);
        double sy = (double) height / outHeight;
        double sx = (double) width / outWidth;
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < outHeight; y++) {
                double srcY = top + (y + 0.5) * sy - 0.5;
                for (int x = 0; x < outWidth; x++) {
                    double srcX = left + (x + 0.5) * sx - 0.5;
                    out.set(c, y, x, image.sampleClamped(c, srcY, srcX));
                }
            }
        }
        return out;
    }

    public static Image to(Image image, int outHeight, int outWidth) {
        return region(image, 0, 0, image.height(), image.width(), outHeight, outWidth);
    }
}

package org.relabel.scoring.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * How an image is turned into the model's input tensor; the torchvision evaluation pipeline
 * {@code Resize(resize) -> CenterCrop(size) -> ToTensor() -> Normalize(mean, std)}.
 *
 * <p>With {@code centerCrop} the shorter image side is scaled to {@code resize} (the longer one keeps the
 * aspect ratio, truncated to an integer as torchvision does) and the central {@code size x size} square is
 * cut out; without it the image is scaled straight to {@code size x size} and {@code resize} is unused.
 * Pixels are scaled to [0, 1] and each channel c becomes {@code (x - mean[c]) / std[c]}. Resampling is
 * bilinear with antialiasing, as PIL does for torchvision.
 *
 * <p>JSON form (all fields optional; a missing one takes the ImageNet default):
 * {@code {"size": 224, "resize": 256, "centerCrop": true, "mean": [0.485, 0.456, 0.406],
 * "std": [0.229, 0.224, 0.225], "channels": "RGB"}}. A missing {@code resize} is {@code round(size * 256 / 224)}.
 *
 * @param size       side of the square model input, in pixels (default 224)
 * @param resize     target of the shorter side before the centre crop (default size * 256 / 224)
 * @param centerCrop whether to resize the shorter side then crop the centre (default true)
 * @param mean       per-channel mean subtracted after scaling to [0, 1], in {@code channels} order
 * @param std        per-channel standard deviation divided by, in {@code channels} order
 * @param channels   channel order of the input tensor (default RGB)
 */
public record Preprocessing(
        Integer size, Integer resize, Boolean centerCrop, double[] mean, double[] std, ChannelOrder channels) {

    /** ImageNet channel means (RGB). */
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    /** ImageNet channel standard deviations (RGB). */
    public static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    /** Fills defaults for missing (null) fields and validates the rest. */
    public Preprocessing {
        size = size == null ? 224 : size;
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("preprocessing size must be between 1 and 4096, was " + size);
        }
        resize = resize == null ? (int) Math.round(size * 256.0 / 224.0) : resize;
        centerCrop = centerCrop == null ? Boolean.TRUE : centerCrop;
        if (centerCrop && (resize < size || resize > 8192)) {
            throw new IllegalArgumentException(
                    "preprocessing resize must be at least size (" + size + ") and at most 8192, was " + resize);
        }
        mean = mean == null ? IMAGENET_MEAN.clone() : mean.clone();
        std = std == null ? IMAGENET_STD.clone() : std.clone();
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("preprocessing mean and std need exactly 3 values each");
        }
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("preprocessing std values must be positive, were "
                        + Arrays.toString(std));
            }
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("preprocessing mean values must be finite");
            }
        }
        channels = channels == null ? ChannelOrder.RGB : channels;
    }

    /** ImageNet evaluation preprocessing: resize 256, centre crop 224, ImageNet mean/std, RGB. */
    public static Preprocessing imagenet() {
        return new Preprocessing(null, null, null, null, null, null);
    }

    /**
     * Scales the whole image to {@code size x size} (no crop) and normalises with the ImageNet mean/std;
     * what models trained on small fixed-size images (such as the demo CNN) expect.
     */
    public static Preprocessing stretchTo(int size) {
        return new Preprocessing(size, size, false, null, null, null);
    }

    /** The mean, copied. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** The standard deviation, copied. */
    @Override
    public double[] std() {
        return std.clone();
    }

    double meanAt(int channel) {
        return mean[channel];
    }

    double stdAt(int channel) {
        return std[channel];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p
                && size.equals(p.size) && resize.equals(p.resize) && centerCrop.equals(p.centerCrop)
                && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std) && channels == p.channels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, resize, centerCrop, Arrays.hashCode(mean), Arrays.hashCode(std), channels);
    }

    @Override
    public String toString() {
        return "Preprocessing[size=" + size + ", resize=" + resize + ", centerCrop=" + centerCrop
                + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", channels=" + channels + "]";
    }
}

package org.relabel.scoring.engine;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns an image into a model input tensor in plain Java, following {@link Preprocessing}: the torchvision
 * pipeline {@code Resize -> CenterCrop -> ToTensor -> Normalize} on PIL images.
 *
 * <p>Resampling reproduces PIL's {@code Image.resize(..., BILINEAR)} (which torchvision's {@code Resize} calls):
 * a separable triangle filter whose support widens with the down-scaling factor (antialiasing), applied
 * horizontally then vertically, each pass rounded to 8 bits. Only the pixels inside the centre crop are
 * computed, and source rows are read one at a time, so a large photo never exists as a float copy.
 * Greyscale images are replicated into three channels and alpha is dropped, as PIL's {@code convert("RGB")}.
 *
 * <p>Output: {@code float[3 * size * size]}, channel-major ({@code [c][y][x]}), channels in
 * {@link Preprocessing#channels()} order, value {@code (pixel / 255 - mean[c]) / std[c]}.
 * Instances are immutable and thread-safe.
 */
public final class ImagePreprocessor {

    private final Preprocessing preprocessing;
    private final int size;
    private final float[] scale = new float[3];
    private final float[] offset = new float[3];

    public ImagePreprocessor(Preprocessing preprocessing) {
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
        this.size = preprocessing.size();
        for (int c = 0; c < 3; c++) {
            scale[c] = (float) (1.0 / (255.0 * preprocessing.stdAt(c)));
            offset[c] = (float) (preprocessing.meanAt(c) / preprocessing.stdAt(c));
        }
    }

    /** The preprocessing this instance applies. */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** Side of the square model input. */
    public int inputSize() {
        return size;
    }

    /**
     * Decodes encoded image bytes (JPEG, PNG, BMP, GIF, WBMP, TIFF) and prepares them.
     *
     * @throws IOException with a short human message if the bytes are not a decodable, complete image
     */
    public float[] prepare(byte[] encoded) throws IOException {
        return prepare(decode(encoded));
    }

    /** Prepares a decoded image; see the class comment for the exact transformation. */
    public float[] prepare(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int outW;
        int outH;
        int left;
        int top;
        if (preprocessing.centerCrop()) {
            int r = preprocessing.resize();
            if (w <= h) {
                outW = r;
                outH = (int) (r * (double) h / w);
            } else {
                outH = r;
                outW = (int) (r * (double) w / h);
            }
            // torchvision: int(round((dim - crop) / 2.0)), Python rounds half to even
            left = (int) Math.rint((outW - size) / 2.0);
            top = (int) Math.rint((outH - size) / 2.0);
        } else {
            outW = size;
            outH = size;
            left = 0;
            top = 0;
        }
        Coefficients cx = outW == w ? null : Coefficients.of(w, outW, left, size);
        Coefficients cy = outH == h ? null : Coefficients.of(h, outH, top, size);
        int rowFrom = cy == null ? top : cy.firstSource();
        int rowTo = cy == null ? top + size : cy.endSource();
        int rows = rowTo - rowFrom;

        // horizontal pass over the source rows the vertical pass needs
        float[][] tmp = new float[3][rows * size];
        RowReader reader = RowReader.of(image);
        int[] rgb = new int[3 * w];
        for (int y = rowFrom; y < rowTo; y++) {
            reader.read(y, rgb);
            int base = (y - rowFrom) * size;
            for (int c = 0; c < 3; c++) {
                float[] plane = tmp[c];
                if (cx == null) {
                    for (int i = 0; i < size; i++) {
                        plane[base + i] = rgb[(left + i) * 3 + c];
                    }
                } else {
                    for (int i = 0; i < size; i++) {
                        int start = cx.start[i];
                        int n = cx.count[i];
                        int k0 = i * cx.kernelSize;
                        double sum = 0;
                        for (int k = 0; k < n; k++) {
                            sum += cx.weights[k0 + k] * rgb[(start + k) * 3 + c];
                        }
                        plane[base + i] = clip8(sum);
                    }
                }
            }
        }

        // vertical pass straight into the normalised output
        float[] out = new float[3 * size * size];
        boolean bgr = preprocessing.channels() == ChannelOrder.BGR;
        for (int d = 0; d < 3; d++) {
            float[] plane = tmp[bgr ? 2 - d : d];
            float sc = scale[d];
            float off = offset[d];
            int outBase = d * size * size;
            for (int j = 0; j < size; j++) {
                int o = outBase + j * size;
                if (cy == null) {
                    int src = (top + j - rowFrom) * size;
                    for (int i = 0; i < size; i++) {
                        out[o + i] = plane[src + i] * sc - off;
                    }
                } else {
                    int start = cy.start[j] - rowFrom;
                    int n = cy.count[j];
                    int k0 = j * cy.kernelSize;
                    for (int i = 0; i < size; i++) {
                        double sum = 0;
                        for (int k = 0; k < n; k++) {
                            sum += cy.weights[k0 + k] * plane[(start + k) * size + i];
                        }
                        out[o + i] = clip8(sum) * sc - off;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Decodes image bytes without touching ImageIO's global disk cache.
     *
     * @throws IOException with a short human message if no decoder accepts the bytes, the data is corrupt or
     *                     the file is truncated
     */
    public static BufferedImage decode(byte[] encoded) throws IOException {
        if (encoded == null || encoded.length == 0) {
            throw new IOException("the image file is empty");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not a readable image (no decoder recognises the data)");
            }
            ImageReader reader = readers.next();
            String[] truncated = new String[1];
            IIOReadWarningListener warnings = (source, warning) -> {
                String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
                if (w.contains("premature end") || w.contains("truncat")) {
                    truncated[0] = warning;
                }
            };
            BufferedImage image;
            try {
                reader.addIIOReadWarningListener(warnings);
                reader.setInput(in, true, true);
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                // decoders throw IIOException, and some unchecked exceptions, on malformed data
                throw new IOException("corrupt " + reader.getFormatName() + " image: " + Djl.firstLine(e), e);
            } finally {
                reader.dispose();
            }
            if (truncated[0] != null) {
                throw new IOException("the image data is truncated (" + truncated[0] + ")");
            }
            if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                throw new IOException("the image has no pixels");
            }
            return image;
        }
    }

    private static float clip8(double v) {
        double r = Math.floor(v + 0.5);
        return r < 0 ? 0f : r > 255 ? 255f : (float) r;
    }

    /** PIL's precompute_coeffs for the bilinear filter, restricted to output positions [from, from + n). */
    private static final class Coefficients {
        final int kernelSize;
        final int[] start;
        final int[] count;
        final double[] weights;

        private Coefficients(int kernelSize, int n) {
            this.kernelSize = kernelSize;
            this.start = new int[n];
            this.count = new int[n];
            this.weights = new double[n * kernelSize];
        }

        static Coefficients of(int inSize, int outSize, int from, int n) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // bilinear filter support is 1
            Coefficients c = new Coefficients((int) Math.ceil(support) * 2 + 1, n);
            double ss = 1.0 / filterScale;
            for (int i = 0; i < n; i++) {
                double center = (from + i + 0.5) * scale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double total = 0;
                int k0 = i * c.kernelSize;
                for (int x = 0; x < xmax; x++) {
                    double t = Math.abs((x + xmin - center + 0.5) * ss);
                    double weight = t < 1.0 ? 1.0 - t : 0.0;
                    c.weights[k0 + x] = weight;
                    total += weight;
                }
                if (total != 0) {
                    for (int x = 0; x < xmax; x++) {
                        c.weights[k0 + x] /= total;
                    }
                }
                c.start[i] = xmin;
                c.count[i] = xmax;
            }
            return c;
        }

        int firstSource() {
            int min = Integer.MAX_VALUE;
            for (int s : start) {
                min = Math.min(min, s);
            }
            return min;
        }

        int endSource() {
            int max = 0;
            for (int i = 0; i < start.length; i++) {
                max = Math.max(max, start[i] + count[i]);
            }
            return max;
        }
    }

    /** Reads one image row as interleaved 8-bit R, G, B, with fast paths for the common raster layouts. */
    private interface RowReader {
        void read(int y, int[] rgb);

        static RowReader of(BufferedImage image) {
            ColorModel cm = image.getColorModel();
            Raster raster = image.getRaster();
            int w = image.getWidth();
            int bands = raster.getNumBands();
            boolean eightBit = true;
            for (int b = 0; b < bands; b++) {
                eightBit &= raster.getSampleModel().getSampleSize(b) == 8;
            }
            boolean plain = eightBit && !(cm instanceof IndexColorModel) && !cm.isAlphaPremultiplied();
            if (plain && bands >= 3 && cm.getColorSpace().isCS_sRGB()) {
                int[] line = new int[w * bands];
                return (y, rgb) -> {
                    raster.getPixels(0, y, w, 1, line);
                    for (int x = 0, s = 0, d = 0; x < w; x++, s += bands, d += 3) {
                        rgb[d] = line[s];
                        rgb[d + 1] = line[s + 1];
                        rgb[d + 2] = line[s + 2];
                    }
                };
            }
            if (plain && bands <= 2 && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
                int[] line = new int[w];
                return (y, rgb) -> {
                    raster.getSamples(0, y, w, 1, 0, line);
                    for (int x = 0, d = 0; x < w; x++, d += 3) {
                        int v = line[x];
                        rgb[d] = v;
                        rgb[d + 1] = v;
                        rgb[d + 2] = v;
                    }
                };
            }
            int[] argb = new int[w];
            return (y, rgb) -> {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0, d = 0; x < w; x++, d += 3) {
                    int p = argb[x];
                    rgb[d] = (p >> 16) & 0xff;
                    rgb[d + 1] = (p >> 8) & 0xff;
                    rgb[d + 2] = p & 0xff;
                }
            };
        }
    }
}

package org.relabel.scoring.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    private static final double[] MEAN = Preprocessing.IMAGENET_MEAN;
    private static final double[] STD = Preprocessing.IMAGENET_STD;

    @Test
    void solidRedBecomesTheImagenetNormalisedConstant() {
        float[] out = new ImagePreprocessor(Preprocessing.stretchTo(4)).prepare(TestImages.solid(10, 7, Color.RED));
        assertEquals(3 * 16, out.length);
        for (int i = 0; i < 16; i++) {
            assertEquals((1 - MEAN[0]) / STD[0], out[i], 1e-5);
            assertEquals((0 - MEAN[1]) / STD[1], out[16 + i], 1e-5);
            assertEquals((0 - MEAN[2]) / STD[2], out[32 + i], 1e-5);
        }
    }

    @Test
    void downscalingUsesPilsAntialiasedBilinearFilter() {
        // row 0 100 200 255 -> PIL Image.resize((2, 1), BILINEAR) gives 71 209: triangle weights (3/7, 3/7, 1/7)
        // and (1/7, 3/7, 3/7), i.e. (0*.75 + 100*.75 + 200*.25) / 1.75 = 71.4
        // and (100*.25 + 200*.75 + 255*.75) / 1.75 = 209.3
        BufferedImage image = grey(new int[] {0, 100, 200, 255}, 4);
        float[] out = new ImagePreprocessor(Preprocessing.stretchTo(2)).prepare(image);
        assertEquals(normalised(71, 0), out[0], 1e-5);
        assertEquals(normalised(209, 0), out[1], 1e-5);
        assertEquals(normalised(71, 0), out[2], 1e-5);
        assertEquals(normalised(209, 2), out[2 * 4 + 3], 1e-5);
    }

    @Test
    void upscalingInterpolatesLinearly() {
        // row 0 200 -> 4 pixels: centres at 0.25, 0.75, 1.25, 1.75 of the source give 0, 50, 150, 200
        float[] out = new ImagePreprocessor(Preprocessing.stretchTo(4)).prepare(grey(new int[] {0, 200}, 2));
        int[] expected = {0, 50, 150, 200};
        for (int x = 0; x < 4; x++) {
            assertEquals(normalised(expected[x], 1), out[16 + 4 * 2 + x], 1e-5, "x=" + x);
        }
    }

    @Test
    void matchesTorchvisionResizeCenterCropToTensorNormalize() throws IOException {
        byte[] png = Files.readAllBytes(TestImages.fixture("preprocess-reference.png"));
        byte[] raw = Files.readAllBytes(TestImages.fixture("preprocess-reference.f32"));
        float[] expected = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);

        Preprocessing p = new Preprocessing(32, 40, true, null, null, null);
        float[] actual = new ImagePreprocessor(p).prepare(png);

        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        // PIL resamples in fixed point; allow one 8-bit level (1 / 255 / std < 0.0176)
        assertTrue(worst <= 1.0 / 255 / 0.224 + 1e-6, "largest difference to torchvision " + worst);
    }

    @Test
    void centreCropTakesTheMiddleOfTheResizedImage() {
        // 8x4 image, left half black, right half white; resize shorter side 4 -> 4 (unchanged), crop 4 -> columns 2..5
        BufferedImage image = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 4; x < 8; x++) {
                image.setRGB(x, y, 0xffffff);
            }
        }
        float[] out = new ImagePreprocessor(new Preprocessing(4, 4, true, null, null, null)).prepare(image);
        float black = (float) normalised(0, 0);
        float white = (float) normalised(255, 0);
        assertArrayEquals(new float[] {black, black, white, white}, Arrays.copyOfRange(out, 0, 4), 1e-5f);
    }

    @Test
    void bgrOrderSwapsRedAndBlueTogetherWithTheirStatistics() {
        Preprocessing bgr = new Preprocessing(2, 2, false, new double[] {0.1, 0.2, 0.3}, new double[] {0.5, 0.5, 0.5},
                ChannelOrder.BGR);
        float[] out = new ImagePreprocessor(bgr).prepare(TestImages.solid(2, 2, Color.RED));
        assertEquals((0 - 0.1) / 0.5, out[0], 1e-5); // channel 0 is blue
        assertEquals((0 - 0.2) / 0.5, out[4], 1e-5);
        assertEquals((1 - 0.3) / 0.5, out[8], 1e-5); // channel 2 is red
    }

    @Test
    void greyscaleImagesAreReplicatedIntoThreeChannels() {
        BufferedImage grey = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 128);
        float[] out = new ImagePreprocessor(Preprocessing.stretchTo(3)).prepare(grey);
        for (int c = 0; c < 3; c++) {
            assertEquals(normalised(128, c), out[c * 9 + 4], 1e-5);
            assertEquals(normalised(0, c), out[c * 9], 1e-5);
        }
    }

    @Test
    void decodesPngAndJpegBytes() throws IOException {
        ImagePreprocessor pre = new ImagePreprocessor(Preprocessing.stretchTo(8));
        float[] fromPng = pre.prepare(TestImages.png(TestImages.solid(16, 16, Color.GREEN)));
        float[] fromJpeg = pre.prepare(TestImages.encode(TestImages.solid(16, 16, Color.GREEN), "jpg"));
        assertEquals(normalised(255, 1), fromPng[64], 1e-5);
        assertEquals(normalised(255, 1), fromJpeg[64], 0.05); // JPEG is lossy
    }

    @Test
    void rejectsBytesThatAreNoImage() {
        IOException e = assertThrows(IOException.class,
                () -> ImagePreprocessor.decode("definitely not an image".getBytes()));
        assertEquals("not a readable image (no decoder recognises the data)", e.getMessage());
        assertThrows(IOException.class, () -> ImagePreprocessor.decode(new byte[0]));
    }

    @Test
    void rejectsTruncatedJpeg() {
        byte[] jpeg = TestImages.encode(TestImages.noise(64, 1), "jpg");
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        IOException e = assertThrows(IOException.class, () -> ImagePreprocessor.decode(truncated));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().startsWith("corrupt"), e.getMessage());
    }

    @Test
    void rejectsCorruptPngData() {
        byte[] png = TestImages.png(TestImages.noise(32, 2));
        for (int i = 100; i < png.length - 20; i++) {
            png[i] = (byte) (png[i] ^ 0x5a);
        }
        IOException e = assertThrows(IOException.class, () -> ImagePreprocessor.decode(png));
        assertTrue(e.getMessage().startsWith("corrupt png image"), e.getMessage());
    }

    private static BufferedImage grey(int[] row, int height) {
        BufferedImage image = new BufferedImage(row.length, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < row.length; x++) {
                int v = row[x];
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    private static double normalised(int pixel, int channel) {
        return (pixel / 255.0 - MEAN[channel]) / STD[channel];
    }
}

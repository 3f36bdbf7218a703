package org.relabel.demo.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void startsWithThePngSignature() {
        byte[] png = PngEncoder.encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, Arrays.copyOf(png, 8));
    }

    @Test
    void handSetPixelsDecodeUnchanged() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0x000000, 0x123456};
        for (int i = 0; i < colours.length; i++) {
            img.setRGB(i % 3, i / 3, colours[i]);
        }
        BufferedImage back = decode(PngEncoder.encode(img));
        assertEquals(3, back.getWidth());
        assertEquals(2, back.getHeight());
        for (int i = 0; i < colours.length; i++) {
            assertEquals(colours[i], back.getRGB(i % 3, i / 3) & 0xFFFFFF, "pixel " + i);
        }
    }

    @Test
    void noiseGradientsAndFlatAreasOfOddSizesDecodeUnchanged() throws IOException {
        // rows of noise, gradients and flat colour make the encoder pick every filter type
        Random r = new Random(4);
        for (int[] size : new int[][] {{1, 7}, {37, 5}, {64, 64}, {129, 33}}) {
            BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    int rgb = switch (y % 4) {
                        case 0 -> r.nextInt(1 << 24);
                        case 1 -> (x * 7 & 0xFF) << 16 | (y * 5 & 0xFF) << 8 | ((x + y) & 0xFF);
                        case 2 -> 0x405060;
                        default -> ((x * 255 / Math.max(1, size[0] - 1)) * 0x010101);
                    };
                    img.setRGB(x, y, 0x80000000 | rgb);
                }
            }
            BufferedImage back = decode(PngEncoder.encode(img));
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    assertEquals(img.getRGB(x, y) & 0xFFFFFF, back.getRGB(x, y) & 0xFFFFFF,
                            size[0] + "x" + size[1] + " pixel " + x + "," + y);
                }
            }
        }
    }
}

package org.relabel.scoring.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.Locale;

/**
 * Registry of the small CNN architectures that {@link DemoModelTrainer} trains and {@link ModelLoader}
 * rebuilds for DJL model directories. Both are VGG-style stacks of 3x3 convolutions, each followed by batch
 * normalisation (Ioffe and Szegedy, 2015) and ReLU (Simonyan and Zisserman, 2015); they start with a stride-2
 * convolution and end in global average pooling and one linear layer (Lin et al., "Network in Network", 2014),
 * so they accept any input of at least 8x8 pixels. They are sized for 64x64 inputs and a few thousand training
 * images on two CPU cores.
 *
 * <ul>
 *   <li>{@code tiny}: conv16/2, pool, conv32, pool, conv64, average, linear; about 24k weights plus 65 per
 *       class and 2.8 M multiply-adds per 64x64 image;</li>
 *   <li>{@code small}: conv24/2, conv32, pool, conv64, pool, conv96, average, linear; about 82k weights plus
 *       97 per class and 16 M multiply-adds per 64x64 image.</li>
 * </ul>
 */
public final class Architectures {

    /** Architecture names known to {@link #build(String, int)}. */
    public static final List<String> NAMES = List.of("tiny", "small");

    private Architectures() {
    }

    /**
     * Builds an uninitialised block.
     *
     * @throws IllegalArgumentException for an unknown name or a class count below 1
     */
    public static Block build(String name, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1");
        }
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        SequentialBlock net = new SequentialBlock();
        switch (n) {
            case "tiny" -> {
                // 64x64 -> 32x32 (stride-2 stem) -> 16x16 -> 8x8
                conv(net, 16, 2).add(maxPool());
                conv(net, 32, 1).add(maxPool());
                conv(net, 64, 1);
            }
            case "small" -> {
                conv(net, 24, 2);
                conv(net, 32, 1).add(maxPool());
                conv(net, 64, 1).add(maxPool());
                conv(net, 96, 1);
            }
            default -> throw new IllegalArgumentException(
                    "Unknown architecture '" + name + "'; known: " + String.join(", ", NAMES));
        }
        net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(numClasses).build());
        return net;
    }

    /** 3x3 convolution (padding 1, no bias: batch normalisation follows), batch normalisation, ReLU. */
    private static SequentialBlock conv(SequentialBlock net, int filters, int stride) {
        return net.add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .optStride(new Shape(stride, stride))
                        .optBias(false)
                        .setFilters(filters)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }

    private static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }
}

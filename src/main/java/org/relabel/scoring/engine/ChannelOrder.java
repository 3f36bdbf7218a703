package org.relabel.scoring.engine;

/**
 * Order of the colour planes in the tensor a model expects: {@link #RGB} for torchvision-style models,
 * {@link #BGR} for models trained on OpenCV/Caffe-style inputs. Mean and standard deviation in
 * {@link Preprocessing} are given in this same order.
 */
public enum ChannelOrder {
    RGB,
    BGR
}

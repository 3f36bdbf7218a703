package org.relabel.demo.world;

/**
 * The rates of the failures planted in a set of generated scenes, measured from their hidden truth
 * by {@link DemoTruth#rates(java.util.List)}. A share whose denominator is empty is {@code NaN}.
 *
 * @param scenes                              number of scenes
 * @param multiObjectShare                    share with 2 or more objects (Tsipras et al.: 21.6% on ImageNet)
 * @param threeObjectShare                    share with 3 or more objects
 * @param labelErrorShare                     share whose original label names no object present
 * @param originalNotMainShare                share whose original label is not the main object
 *                                            (label errors included)
 * @param originalPresentNotMainShare         share whose original label is present but not the main
 *                                            object (Tsipras et al.: 7.7% on ImageNet)
 * @param preferredBackgroundShare            share on a background preferred by at least one object present
 * @param singleObjectPreferredBackgroundShare among single-object scenes, share on that object's
 *                                            preferred background (the planted spurious correlation)
 */
public record PlantedRates(int scenes, double multiObjectShare, double threeObjectShare, double labelErrorShare,
        double originalNotMainShare, double originalPresentNotMainShare, double preferredBackgroundShare,
        double singleObjectPreferredBackgroundShare) {
}

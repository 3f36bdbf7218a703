package org.relabel.demo.world;

/**
 * The shape a {@link DemoClass} is drawn as by the {@link SceneRenderer}. Every class has its own
 * glyph, so that classes differ in shape as well as in colour.
 */
public enum Glyph {
    /** A filled disc with a highlight (ball). */
    CIRCLE,
    /** A triangle with a dark door (tent). */
    TRIANGLE,
    /** A five-pointed star (starfish). */
    STAR,
    /** A ring with four red bands (lifebuoy). */
    RING,
    /** An elliptical body with a tail fin and an eye (fish). */
    FISH,
    /** Walls, a darker roof and a door (house). */
    HOUSE,
    /** A shaft with a triangular head pointing right (arrow sign). */
    ARROW,
    /** A heart (heart balloon). */
    HEART,
    /** A crescent (moon). */
    CRESCENT,
    /** A square with a square hole through which the background shows (picture frame). */
    FRAME
}

package org.relabel.consensus.domain;

/** Argument checks shared by the input records. */
final class Keys {

    private Keys() {
    }

    static String require(String key, String what) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(what + " key is missing");
        }
        return key;
    }
}

/**
 * Campaign rules as plain Java (no Quarkus, JPA or DJL types): candidate sets, image selection and
 * sampling, stable random keys, display order shuffling, judgment validation and invite signatures.
 * Records in, records out; every rule is unit-tested on its own.
 */
package org.relabel.annotation.domain;

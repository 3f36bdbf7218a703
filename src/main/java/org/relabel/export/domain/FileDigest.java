package org.relabel.export.domain;

/**
 * One file of a release as its manifest lists it.
 *
 * @param name      file name, e.g. {@code labels.csv}
 * @param mediaType its media type
 * @param bytes     its size
 * @param records   data records in it (CSV rows without the header, JSON entries), or {@code null} when not counted
 * @param sha256    lower-case hex SHA-256 of its bytes
 */
public record FileDigest(String name, String mediaType, long bytes, Long records, String sha256) {
}

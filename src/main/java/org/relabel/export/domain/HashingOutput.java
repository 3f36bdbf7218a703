package org.relabel.export.domain;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through to a stream while computing their SHA-256 and counting them, so that a release file's
 * checksum is known the moment it is written, without reading it again.
 */
public final class HashingOutput extends FilterOutputStream {
    private final MessageDigest digest;
    private long bytes;
    private String sha256;

    public HashingOutput(OutputStream out) {
        super(out);
        digest = sha256();
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        bytes += len;
    }

    /** Bytes written so far. */
    public long bytes() {
        return bytes;
    }

    /** The lower-case hex SHA-256 of everything written; ends the digest (call once writing is done). */
    public String sha256Hex() {
        if (sha256 == null) sha256 = HexFormat.of().formatHex(digest.digest());
        return sha256;
    }
}

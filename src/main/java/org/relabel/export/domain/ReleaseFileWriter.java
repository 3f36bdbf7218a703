package org.relabel.export.domain;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Base of the release file writers: UTF-8 text through a buffer into a {@link HashingOutput}, one record at a time
 * (each record is built in a reused buffer and written in one call), so that memory stays constant whatever the
 * number of records. {@link #finish()} writes the trailer, closes the target and returns the file's
 * {@link FileDigest}.
 */
public abstract class ReleaseFileWriter implements Closeable {
    private final String name;
    private final String mediaType;
    private final HashingOutput hashing;
    private final Writer out;
    /** The record being built; cleared by {@link #emit()}. */
    protected final StringBuilder line = new StringBuilder(256);
    private long records;
    private FileDigest digest;

    protected ReleaseFileWriter(String name, String mediaType, OutputStream target) {
        this.name = name;
        this.mediaType = mediaType;
        this.hashing = new HashingOutput(target);
        this.out = new BufferedWriter(new OutputStreamWriter(hashing, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Writes a CSV header row (not counted as a record). */
    protected final void csvHeader(java.util.List<String> columns) {
        line.append(String.join(",", columns)).append('\n');
        emit();
    }

    /** Writes {@link #line} and clears it. */
    protected final void emit() {
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.setLength(0);
    }

    /** Writes {@link #line} as one data record (counted) and clears it. */
    protected final void emitRecord() {
        records++;
        emit();
    }

    /** Data records written so far. */
    public final long records() {
        return records;
    }

    /** Writes what follows the last record (a closing bracket); nothing by default. */
    protected void trailer() {
    }

    /** Ends the file: trailer, flush, close; returns its digest (the same one on every call). */
    public final FileDigest finish() throws IOException {
        if (digest == null) {
            trailer();
            out.flush();
            digest = new FileDigest(name, mediaType, hashing.bytes(), records, hashing.sha256Hex());
            out.close();
        }
        return digest;
    }

    /** Closes the target; a writer closed without {@link #finish()} leaves an incomplete file behind. */
    @Override
    public void close() throws IOException {
        if (digest == null) out.close();
    }

    /** Appends to {@link #line}, turning the (impossible) IOException of a StringBuilder into an unchecked one. */
    protected interface Append {
        void to(StringBuilder b) throws IOException;
    }

    protected final void build(Append a) {
        try {
            a.to(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

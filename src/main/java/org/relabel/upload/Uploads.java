package org.relabel.upload;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/** Shared plumbing of imports: strict UTF-8 decoding and one long transaction per upload. */
public final class Uploads {
    /** Imports may be large; their single transaction may take this long. */
    public static final int TX_TIMEOUT_SECONDS = 6 * 3600;

    private Uploads() {
    }

    /** Work of one upload inside its transaction. */
    @FunctionalInterface
    public interface TxWork<T> {
        T run() throws IOException, SQLException;
    }

    /** A reader that rejects bytes that are not UTF-8 instead of replacing them. */
    public static InputStreamReader utf8(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /**
     * Runs an import in a new transaction: everything or nothing. An {@link UploadException}
     * thrown by the work rolls back and reaches the client as 400 with line and column.
     */
    public static <T> T inTransaction(TxWork<T> work) {
        return QuarkusTransaction.requiringNew().timeout(TX_TIMEOUT_SECONDS).call(() -> {
            try {
                return work.run();
            } catch (CharacterCodingException e) {
                throw UploadException.single(null, null, null, "the file is not valid UTF-8 text");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Trimmed text, empty for null. */
    public static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}

package org.relabel.ops;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files that several instances sharing a data directory create on first use (the session and invite
 * keys): exactly one creator wins, everybody else reads the winner's content.
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /**
     * Publishes a fully written temporary file under {@code target} unless it exists. A hard link
     * fails atomically when the name is taken (a rename would silently replace a file another
     * instance published a moment earlier, and the instances would then disagree). File systems
     * without hard links fall back to a rename that does not replace an existing file.
     *
     * @return true when this call published the file
     */
    public static boolean publish(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException | IOException noLinks) {
            if (Files.exists(target)) return false;
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

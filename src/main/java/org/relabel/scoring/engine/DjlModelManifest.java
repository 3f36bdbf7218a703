package org.relabel.scoring.engine;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@value #FILE_NAME} stored beside the parameters of a DJL-trained model. DJL saves only parameters, so
 * the block is rebuilt from {@link Architectures} by {@code architecture} before the parameters are loaded.
 *
 * @param architecture     name of the architecture in {@link Architectures} (e.g. {@code tiny})
 * @param numClasses       width of the output layer
 * @param modelName        prefix of the parameter file ({@code <modelName>-0000.params})
 * @param preprocessing    the preprocessing the model was trained with
 * @param trainingAccuracy accuracy on the training images after training, in [0, 1] (null if unknown)
 * @param epochs           epochs trained (null if unknown)
 * @param seed             seed of the training run (null if unknown)
 */
public record DjlModelManifest(
        String architecture, int numClasses, String modelName, Preprocessing preprocessing,
        Double trainingAccuracy, Integer epochs, Long seed) {

    /** File name of the manifest inside a DJL model directory. */
    public static final String FILE_NAME = "relabel-model.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Writes this manifest into {@code directory} (via a temporary file, so a reader never sees half of it). */
    public void write(Path directory) throws IOException {
        Path tmp = directory.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, GSON.toJson(this), StandardCharsets.UTF_8);
        Files.move(tmp, directory.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads the manifest of a DJL model directory.
     *
     * @throws ModelLoadException if the file is missing, unreadable or not a valid manifest
     */
    public static DjlModelManifest read(Path directory) throws ModelLoadException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("The DJL model directory " + directory.getFileName()
                    + " has no " + FILE_NAME + " describing its architecture");
        }
        DjlModelManifest manifest;
        try {
            manifest = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), DjlModelManifest.class);
        } catch (IOException e) {
            throw new ModelLoadException("Could not read " + FILE_NAME + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new ModelLoadException(FILE_NAME + " is not valid JSON for a DJL model description", e);
        }
        if (manifest == null || manifest.architecture() == null || manifest.modelName() == null
                || manifest.numClasses() < 1) {
            throw new ModelLoadException(FILE_NAME + " must name the architecture, the model name and a"
                    + " positive number of classes");
        }
        return manifest;
    }
}

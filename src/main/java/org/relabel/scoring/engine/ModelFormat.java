package org.relabel.scoring.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How a model is stored on disk, and so which DJL engine loads it.
 *
 * <ul>
 *   <li>{@link #TORCHSCRIPT}: one {@code .pt} file written by {@code torch.jit.save} (traced or scripted),
 *       run by the PyTorch engine;</li>
 *   <li>{@link #ONNX}: one {@code .onnx} file, run by the ONNX Runtime engine;</li>
 *   <li>{@link #DJL}: a directory with parameters saved by DJL training ({@code <name>-0000.params}) and a
 *       {@value DjlModelManifest#FILE_NAME} naming the architecture, run by the PyTorch engine.</li>
 * </ul>
 */
public enum ModelFormat {
    TORCHSCRIPT("PyTorch"),
    ONNX("OnnxRuntime"),
    DJL("PyTorch");

    private final String engineName;

    ModelFormat(String engineName) {
        this.engineName = engineName;
    }

    /** The DJL engine name that runs models of this format. */
    public String engineName() {
        return engineName;
    }

    /**
     * Parses a user-supplied format name ({@code torchscript}, {@code onnx}, {@code djl}; case-insensitive;
     * {@code pt}/{@code pytorch} are accepted for TorchScript).
     *
     * @throws IllegalArgumentException if the name is none of these
     */
    public static ModelFormat parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "torchscript", "pt", "pytorch" -> TORCHSCRIPT;
            case "onnx" -> ONNX;
            case "djl" -> DJL;
            default -> throw new IllegalArgumentException(
                    "Unknown model format '" + name + "'; expected torchscript, onnx or djl");
        };
    }

    /**
     * Guesses the format from a path: a directory holding {@value DjlModelManifest#FILE_NAME} is {@link #DJL},
     * a {@code .onnx} file is {@link #ONNX}, a {@code .pt}, {@code .pth} or {@code .torchscript} file is
     * {@link #TORCHSCRIPT}.
     */
    public static Optional<ModelFormat> detect(Path path) {
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve(DjlModelManifest.FILE_NAME)) ? Optional.of(DJL) : Optional.empty();
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            return Optional.of(ONNX);
        }
        if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".torchscript")) {
            return Optional.of(TORCHSCRIPT);
        }
        return Optional.empty();
    }
}

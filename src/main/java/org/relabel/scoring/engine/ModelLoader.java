package org.relabel.scoring.engine;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads a model described by a {@link ModelSpec} with DJL and checks that it can score the dataset.
 *
 * <ul>
 *   <li>{@link ModelFormat#TORCHSCRIPT}: a file saved by {@code torch.jit.save}, PyTorch engine;</li>
 *   <li>{@link ModelFormat#ONNX}: an {@code .onnx} file, ONNX Runtime engine;</li>
 *   <li>{@link ModelFormat#DJL}: a directory written by {@link DemoModelTrainer} (or any DJL training whose
 *       {@value DjlModelManifest#FILE_NAME} names an architecture of {@link Architectures}); the block is
 *       rebuilt by name and its parameters loaded, PyTorch engine.</li>
 * </ul>
 *
 * <p>Validation runs one all-zero input of the preprocessing size through the model and requires an output of
 * shape {@code (1, numClasses)} (trailing dimensions of size 1 are accepted). Every failure is a
 * {@link ModelLoadException} whose message a person can act on.
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    /**
     * Loads and validates a model. The caller closes the returned model.
     *
     * @throws ModelLoadException if the file is missing, corrupt, in another format than declared, cannot run on
     *                            the preprocessing's input size, or outputs a number of scores other than
     *                            {@code spec.numClasses()} (then an {@link OutputWidthException})
     */
    public static LoadedModel load(ModelSpec spec) throws ModelLoadException {
        Djl.ensureOffline();
        Path path = spec.path().toAbsolutePath().normalize();
        ZooModel<float[], float[]> model = switch (spec.format()) {
            case TORCHSCRIPT -> loadTorchScript(spec, path);
            case ONNX -> loadOnnx(spec, path);
            case DJL -> loadDjl(spec, path);
        };
        try {
            validate(spec, model);
        } catch (ModelLoadException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new LoadedModel(spec, model);
    }

    /**
     * The {@link ModelSpec} for a DJL model directory, with the preprocessing recorded at training time.
     *
     * @param numClasses number of classes of the dataset the model will score
     * @throws ModelLoadException if the directory has no valid {@value DjlModelManifest#FILE_NAME}
     */
    public static ModelSpec djlSpec(Path directory, int numClasses) throws ModelLoadException {
        DjlModelManifest manifest = DjlModelManifest.read(directory);
        return new ModelSpec(ModelFormat.DJL, directory, manifest.preprocessing(), numClasses, false);
    }

    private static ZooModel<float[], float[]> loadTorchScript(ModelSpec spec, Path file) throws ModelLoadException {
        requireFile(file, "TorchScript");
        byte[] head = readHead(file, 4);
        if (!(head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)) {
            throw new ModelLoadException("The file " + file.getFileName() + " is not a TorchScript model: a TorchScript"
                    + " file is a zip archive written by torch.jit.save, and this file is not one (it may be corrupt,"
                    + " truncated or in another format such as ONNX)");
        }
        Criteria<float[], float[]> criteria = criteria(spec, file)
                .optOption("mapLocation", "true")
                .build();
        try {
            return criteria.loadModel();
        } catch (MalformedModelException | IOException | ModelNotFoundException | RuntimeException e) {
            String reason = Djl.firstLine(e);
            String hint = reason.contains("constants.pkl") || reason.contains("archive does not contain")
                    || reason.contains("data.pkl")
                    ? " It looks like a state_dict or a pickled module saved with torch.save; export the model with"
                    + " torch.jit.trace (or torch.jit.script) and torch.jit.save instead."
                    : "";
            throw new ModelLoadException("The file " + file.getFileName() + " could not be loaded as a TorchScript"
                    + " model (" + reason + ")." + hint, e);
        }
    }

    private static ZooModel<float[], float[]> loadOnnx(ModelSpec spec, Path file) throws ModelLoadException {
        requireFile(file, "ONNX");
        byte[] head = readHead(file, 4);
        if (head.length == 4 && head[0] == 'P' && head[1] == 'K') {
            throw new ModelLoadException("The file " + file.getFileName() + " is a zip archive, not an ONNX model"
                    + " (is it a TorchScript .pt file? Register it with format torchscript)");
        }
        Criteria<float[], float[]> criteria = criteria(spec, file).build();
        try {
            return criteria.loadModel();
        } catch (MalformedModelException | IOException | ModelNotFoundException | RuntimeException e) {
            throw new ModelLoadException("The file " + file.getFileName() + " could not be loaded as an ONNX model ("
                    + Djl.firstLine(e) + "); it may be corrupt, truncated or in another format", e);
        }
    }

    private static ZooModel<float[], float[]> loadDjl(ModelSpec spec, Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("A DJL model is a directory with parameters and "
                    + DjlModelManifest.FILE_NAME + ", but " + dir.getFileName() + " is not a directory");
        }
        DjlModelManifest manifest = DjlModelManifest.read(dir);
        Block block;
        try {
            block = Architectures.build(manifest.architecture(), manifest.numClasses());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(DjlModelManifest.FILE_NAME + ": " + e.getMessage(), e);
        }
        checkParams(dir, manifest.modelName());
        Criteria<float[], float[]> criteria = Criteria.builder()
                .setTypes(float[].class, float[].class)
                .optModelPath(dir)
                .optModelName(manifest.modelName())
                .optEngine(ModelFormat.DJL.engineName())
                .optBlock(block)
                .optTranslator(new TensorTranslator(spec.preprocessing().size()))
                .build();
        try {
            return criteria.loadModel();
        } catch (MalformedModelException | IOException | ModelNotFoundException | RuntimeException e) {
            throw new ModelLoadException("The parameters in " + dir.getFileName() + " do not fit the '"
                    + manifest.architecture() + "' architecture with " + manifest.numClasses() + " classes, or are"
                    + " corrupt (" + Djl.firstLine(e) + ")", e);
        }
    }

    private static Criteria.Builder<float[], float[]> criteria(ModelSpec spec, Path file) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return Criteria.builder()
                .setTypes(float[].class, float[].class)
                .optModelPath(file)
                .optModelName(dot > 0 ? fileName.substring(0, dot) : fileName)
                .optEngine(spec.format().engineName())
                .optTranslator(new TensorTranslator(spec.preprocessing().size()));
    }

    private static void validate(ModelSpec spec, ZooModel<float[], float[]> model) throws ModelLoadException {
        int size = spec.preprocessing().size();
        List<float[]> out;
        try (Predictor<float[], float[]> predictor = model.newPredictor()) {
            out = predictor.batchPredict(List.of(new float[3 * size * size]));
        } catch (Exception e) {
            throw new ModelLoadException("The model could not run on an image of " + size + "x" + size + " pixels"
                    + " (input shape 1x3x" + size + "x" + size + "): " + Djl.firstLine(e)
                    + ". Check the preprocessing size and that the model takes one 3-channel image tensor.", e);
        }
        int width = out.get(0).length;
        if (width != spec.numClasses()) {
            throw new OutputWidthException("The model outputs " + width + " score" + (width == 1 ? "" : "s")
                    + " per image but the dataset has " + spec.numClasses() + " class"
                    + (spec.numClasses() == 1 ? "" : "es") + "; the model must output exactly one score per class,"
                    + " in the dataset's class order", width, spec.numClasses());
        }
    }

    private static void requireFile(Path file, String kind) throws ModelLoadException {
        if (!Files.exists(file)) {
            throw new ModelLoadException("The " + kind + " model file " + file.getFileName() + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("A " + kind + " model is a single file, but " + file.getFileName()
                    + " is not a regular file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ModelLoadException("The " + kind + " model file " + file.getFileName() + " is empty");
            }
        } catch (IOException e) {
            throw new ModelLoadException("The " + kind + " model file " + file.getFileName()
                    + " cannot be read: " + Djl.firstLine(e), e);
        }
    }

    private static byte[] readHead(Path file, int n) throws ModelLoadException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new ModelLoadException("The model file " + file.getFileName() + " cannot be read: "
                    + Djl.firstLine(e), e);
        }
    }

    /**
     * The parameter file DJL will load (the highest epoch number), checked to start with DJL's magic "DJL@":
     * DJL silently skips a file without it and leaves the block uninitialised.
     */
    private static void checkParams(Path dir, String modelName) throws ModelLoadException {
        Pattern pattern = Pattern.compile(Pattern.quote(modelName) + "-(\\d{4})\\.params");
        Path latest = null;
        int latestEpoch = -1;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = pattern.matcher(f.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) > latestEpoch) {
                    latestEpoch = Integer.parseInt(m.group(1));
                    latest = f;
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("The DJL model directory " + dir.getFileName() + " cannot be read: "
                    + Djl.firstLine(e), e);
        }
        if (latest == null) {
            throw new ModelLoadException("The DJL model directory " + dir.getFileName() + " has no parameter file "
                    + modelName + "-NNNN.params");
        }
        byte[] head = readHead(latest, 4);
        if (!new String(head, StandardCharsets.ISO_8859_1).equals("DJL@")) {
            throw new ModelLoadException("The parameter file " + latest.getFileName() + " is not a DJL parameter"
                    + " file (it may be corrupt or saved by another tool)");
        }
    }

    /** Names of the DJL engines found on the class path (for diagnostics). */
    public static List<String> availableEngines() {
        Djl.ensureOffline();
        return Engine.getAllEngines().stream().sorted().toList();
    }
}

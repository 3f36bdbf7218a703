package org.relabel.scoring.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelLoaderTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"TORCHSCRIPT, tiny-colour.pt", "ONNX, tiny-colour.onnx"})
    void loadedFixtureClassifiesSolidRedGreenAndBlue(ModelFormat format, String file) throws Exception {
        try (LoadedModel model = ModelLoader.load(TestImages.fixtureSpec(format, file, 3));
             Predictor<float[], float[]> predictor = model.newPredictor()) {
            Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
            for (int expected = 0; expected < 3; expected++) {
                float[] input = model.preprocessor().prepare(TestImages.solid(50, 40, colours[expected]));
                float[] logits = predictor.predict(input);
                assertEquals(3, logits.length);
                assertEquals(expected, argMax(logits), "solid " + colours[expected] + " -> " + Arrays.toString(logits));
            }
        }
    }

    @Test
    void torchScriptAndOnnxExportOfTheSameNetAgree() throws Exception {
        float[] input = new ImagePreprocessor(TestImages.FIXTURE_PREPROCESSING).prepare(TestImages.noise(32, 3));
        float[] fromTorch;
        float[] fromOnnx;
        try (LoadedModel pt = ModelLoader.load(TestImages.fixtureSpec(ModelFormat.TORCHSCRIPT, "tiny-colour.pt", 3));
             Predictor<float[], float[]> predictor = pt.newPredictor()) {
            fromTorch = predictor.predict(input);
        }
        try (LoadedModel onnx = ModelLoader.load(TestImages.fixtureSpec(ModelFormat.ONNX, "tiny-colour.onnx", 3));
             Predictor<float[], float[]> predictor = onnx.newPredictor()) {
            fromOnnx = predictor.predict(input);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(fromTorch[i], fromOnnx[i], 1e-4, "logit " + i);
        }
    }

    @Test
    void rejectsModelWhoseOutputWidthDiffersFromTheClassCount() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(TestImages.fixtureSpec(ModelFormat.TORCHSCRIPT, "wrong-width.pt", 3)));
        assertEquals("The model outputs 7 scores per image but the dataset has 3 classes; the model must output"
                + " exactly one score per class, in the dataset's class order", e.getMessage());
    }

    @Test
    void acceptsTheWrongWidthModelForADatasetWithSevenClasses() throws Exception {
        ModelSpec spec = TestImages.fixtureSpec(ModelFormat.TORCHSCRIPT, "wrong-width.pt", 7);
        try (LoadedModel model = ModelLoader.load(spec)) {
            assertEquals(7, model.numClasses());
        }
    }

    @Test
    void rejectsCorruptTorchScriptFileWithAReadableMessage() throws IOException {
        Path corrupt = tmp.resolve("corrupt.pt");
        Files.write(corrupt, "this is not a model at all, just some text".repeat(20).getBytes());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(new ModelSpec(ModelFormat.TORCHSCRIPT, corrupt, null, 3)));
        assertTrue(e.getMessage().startsWith("The file corrupt.pt is not a TorchScript model"), e.getMessage());
        assertReadable(e);
    }

    @Test
    void rejectsTruncatedTorchScriptFile() throws IOException {
        byte[] whole = Files.readAllBytes(TestImages.fixture("tiny-colour.pt"));
        Path truncated = tmp.resolve("truncated.pt");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(new ModelSpec(ModelFormat.TORCHSCRIPT, truncated, null, 3)));
        assertTrue(e.getMessage().startsWith("The file truncated.pt could not be loaded as a TorchScript model"),
                e.getMessage());
        assertReadable(e);
    }

    @Test
    void rejectsCorruptOnnxFile() throws IOException {
        Path corrupt = tmp.resolve("corrupt.onnx");
        Files.write(corrupt, new byte[] {0x08, 0x07, 0x12, 0x7f, 0x01, 0x02, 0x03, (byte) 0xff, 0x00, 0x55});
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(new ModelSpec(ModelFormat.ONNX, corrupt, null, 3)));
        assertTrue(e.getMessage().startsWith("The file corrupt.onnx could not be loaded as an ONNX model"),
                e.getMessage());
        assertReadable(e);
    }

    @Test
    void rejectsOnnxFileDeclaredAsTorchScript() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(TestImages.fixtureSpec(ModelFormat.TORCHSCRIPT, "tiny-colour.onnx", 3)));
        assertTrue(e.getMessage().contains("is not a TorchScript model"), e.getMessage());
    }

    @Test
    void rejectsTorchScriptFileDeclaredAsOnnx() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(TestImages.fixtureSpec(ModelFormat.ONNX, "tiny-colour.pt", 3)));
        assertTrue(e.getMessage().contains("is a zip archive, not an ONNX model"), e.getMessage());
    }

    @Test
    void rejectsMissingFile() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(new ModelSpec(ModelFormat.TORCHSCRIPT, tmp.resolve("nope.pt"), null, 3)));
        assertEquals("The TorchScript model file nope.pt does not exist", e.getMessage());
    }

    @Test
    void rejectsDjlDirectoryWithoutManifest() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(new ModelSpec(ModelFormat.DJL, tmp, null, 3)));
        assertTrue(e.getMessage().contains("has no relabel-model.json"), e.getMessage());
    }

    @Test
    void rejectsDjlManifestNamingAnUnknownArchitecture() throws IOException {
        new DjlModelManifest("resnet-9000", 3, "relabel-model", Preprocessing.stretchTo(64), null, null, null)
                .write(tmp);
        Files.write(tmp.resolve("relabel-model-0000.params"), new byte[] {1, 2, 3});
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(new ModelSpec(ModelFormat.DJL, tmp, null, 3)));
        assertEquals("relabel-model.json: Unknown architecture 'resnet-9000'; known: tiny, small", e.getMessage());
    }

    @Test
    void rejectsDjlDirectoryWithCorruptParameters() throws IOException {
        new DjlModelManifest("tiny", 3, "relabel-model", Preprocessing.stretchTo(64), null, null, null).write(tmp);
        Files.write(tmp.resolve("relabel-model-0000.params"), "garbage".repeat(50).getBytes());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(new ModelSpec(ModelFormat.DJL, tmp, null, 3)));
        assertEquals("The parameter file relabel-model-0000.params is not a DJL parameter file (it may be corrupt or"
                + " saved by another tool)", e.getMessage());
    }

    @Test
    void formatIsDetectedFromThePath() throws IOException {
        assertEquals(ModelFormat.TORCHSCRIPT, ModelFormat.detect(Path.of("m/model.pt")).orElseThrow());
        assertEquals(ModelFormat.ONNX, ModelFormat.detect(Path.of("m/MODEL.ONNX")).orElseThrow());
        assertTrue(ModelFormat.detect(tmp).isEmpty());
        new DjlModelManifest("tiny", 3, "relabel-model", Preprocessing.stretchTo(64), null, null, null).write(tmp);
        assertEquals(ModelFormat.DJL, ModelFormat.detect(tmp).orElseThrow());
        assertEquals(ModelFormat.ONNX, ModelFormat.parse(" Onnx "));
        assertThrows(IllegalArgumentException.class, () -> ModelFormat.parse("tensorflow"));
    }

    @Test
    void bothEnginesAreOnTheClassPath() {
        List<String> engines = ModelLoader.availableEngines();
        assertTrue(engines.containsAll(List.of("PyTorch", "OnnxRuntime")), engines.toString());
    }

    /** A message for people: one line, no Java class names, no stack frames. */
    static void assertReadable(ModelLoadException e) {
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertFalse(m.contains("Exception"), m);
        assertFalse(m.contains("\tat "), m);
        assertFalse(m.contains("ai.djl."), m);
        assertTrue(m.length() < 500, m);
    }

    static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}

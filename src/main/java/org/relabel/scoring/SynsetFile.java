package org.relabel.scoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.relabel.upload.UploadErrors;
import org.relabel.web.Problem;
import org.relabel.web.ProblemException;

/**
 * A model's output mapping read from a synset file: one class key per line, line i (1-based) naming the
 * class of output i - 1. The key is the line's first whitespace-separated token, so ImageNet's
 * {@code LOC_synset_mapping.txt} ({@code n01440764 tench, Tinca tinca}) and DJL's {@code synset.txt}
 * (one key per line) both work. Blank lines at the end are ignored; a blank line before another line,
 * an unknown key or a key named twice is an error naming its line
 * (400 {@code urn:relabel:invalid-synset}).
 */
public final class SynsetFile {
    /** Problem type code of a rejected synset file. */
    public static final String PROBLEM = "invalid-synset";
    private static final String FIELD = "synset";

    private SynsetFile() {
    }

    /**
     * Reads and checks the keys.
     *
     * @param known       whether a key is a class of the dataset
     * @param maxReported errors listed in the problem (all are counted)
     * @return the class key of each output, in output order
     * @throws ProblemException 400 {@value #PROBLEM} naming the offending lines
     */
    public static List<String> read(Reader reader, Predicate<String> known, int maxReported) throws IOException {
        UploadErrors errors = new UploadErrors(maxReported);
        List<String> keys = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<Integer> blanks = new ArrayList<>();
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String text;
        int line = 0;
        try {
            while ((text = in.readLine()) != null) {
                line++;
                if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
                String trimmed = text.strip();
                if (trimmed.isEmpty()) {
                    blanks.add(line);
                    keys.add(null);
                    continue;
                }
                for (int blank : blanks) {
                    errors.add(blank, null, FIELD, "empty line: line " + blank + " must name the class of output " + (blank - 1));
                }
                blanks.clear();
                String key = trimmed.split("\\s+", 2)[0];
                keys.add(key);
                Integer seen = firstLine.putIfAbsent(key, line);
                if (!known.test(key)) {
                    errors.add(line, 1, FIELD, "unknown class '" + key + "' (not a class key of this dataset)");
                } else if (seen != null) {
                    errors.add(line, 1, FIELD, "class '" + key + "' is already the class of output " + (seen - 1)
                            + " (line " + seen + "); each class may name one output");
                }
            }
        } catch (CharacterCodingException e) {
            throw invalid(List.of(new Problem.FieldError(null, null, FIELD, "the synset file is not valid UTF-8 text")), 1);
        }
        while (!keys.isEmpty() && keys.get(keys.size() - 1) == null) keys.remove(keys.size() - 1);
        if (keys.isEmpty()) errors.add(1, null, FIELD, "the synset file is empty; expected one class key per model output");
        if (errors.any()) {
            try {
                errors.throwIfAny();
            } catch (ProblemException e) {
                throw invalid(e.errors(), e.errorCount());
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The problem when the model's output width differs from the number of lines: it names the first line
     * without an output, or the first output without a line.
     */
    public static ProblemException widthMismatch(int lines, int outputs) {
        String message = outputs > lines
                ? "the model outputs " + outputs + " scores per image but the synset file has " + lines
                + " lines: line " + (lines + 1) + " should name the class of output " + lines
                : "the synset file has " + lines + " lines but the model outputs only " + outputs
                + " scores per image: line " + (outputs + 1) + " names an output the model does not have";
        return invalid(List.of(new Problem.FieldError((long) Math.min(lines, outputs) + 1, null, FIELD, message)), 1);
    }

    private static ProblemException invalid(List<Problem.FieldError> errors, long count) {
        String first = errors.get(0).toString();
        return new ProblemException(400, PROBLEM, "Invalid synset file", "synset " + first
                + (count > 1 ? " (and " + (count - 1) + " more errors)" : "") + "; the model was not registered",
                errors, count);
    }
}

package org.relabel.export.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ReleaseTextsTest {

    @Test
    void bibtexNamesReleaseDateUrlAndManifestChecksumAndEscapesSpecialCharacters() {
        String sha = "ab".repeat(32);
        String bib = ReleaseTexts.bibtex(new ReleaseTexts.Cited("imagenet-val", "ImageNet {val} 50% & more", "v3",
                "A. Person and B. Person", OffsetDateTime.parse("2025-03-04T10:00:00Z"),
                "https://relabel.example/datasets/imagenet-val/releases/v3", sha));
        assertTrue(bib.startsWith("@misc{relabel-imagenet-val-v3,\n"), bib);
        assertTrue(bib.contains("title        = {ImageNet val 50\\% \\& more: relabeled test set, release v3}"), bib);
        assertTrue(bib.contains("author       = {A. Person and B. Person}"), bib);
        assertTrue(bib.contains("year         = {2025}"), bib);
        assertTrue(bib.contains("\\url{https://relabel.example/datasets/imagenet-val/releases/v3}"), bib);
        assertTrue(bib.contains("frozen 2025-03-04; manifest.json SHA-256 " + sha), bib);
        assertTrue(bib.endsWith("}\n"));
    }

    @Test
    void pythonSnippetDownloadsChecksAndLoadsTheFiles() {
        String sha = "cd".repeat(32);
        String py = ReleaseTexts.python("https://relabel.example/api/datasets/d/releases/v1/", sha);
        assertTrue(py.contains("BASE = \"https://relabel.example/api/datasets/d/releases/v1/\""), py);
        assertTrue(py.contains("hashlib.sha256(raw).hexdigest() == \"" + sha + "\""), py);
        assertTrue(py.contains("pd.read_csv") && py.contains("json.loads(get(\"labels.json\"))"), py);
        assertTrue(py.contains("from crowdkit.aggregation import DawidSkene"), py);
        assertFalse(py.contains("%s"));
    }
}

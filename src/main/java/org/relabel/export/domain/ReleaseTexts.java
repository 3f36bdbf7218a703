package org.relabel.export.domain;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The texts of the release page: a citation (BibTeX) and how to load the files in Python. */
public final class ReleaseTexts {
    private ReleaseTexts() {
    }

    /** What a citation names. */
    public record Cited(String datasetKey, String datasetName, String version, String authors, OffsetDateTime frozenAt,
                        String url, String manifestSha256) {
    }

    /**
     * A BibTeX {@code @misc} entry for a release: key {@code relabel-<dataset>-<version>}, title, authors, year, the
     * release page as URL, and a note with the freeze date and the manifest's SHA-256 (which pins every file).
     */
    public static String bibtex(Cited c) {
        String date = c.frozenAt().atZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE);
        String key = ("relabel-" + c.datasetKey() + "-" + c.version()).replaceAll("[^A-Za-z0-9_:.-]", "-");
        return "@misc{" + key + ",\n"
                + "  title        = {" + bib(c.datasetName()) + ": relabeled test set, release " + bib(c.version()) + "},\n"
                + "  author       = {" + bib(c.authors()) + "},\n"
                + "  year         = {" + c.frozenAt().getYear() + "},\n"
                + "  howpublished = {\\url{" + bib(c.url()) + "}},\n"
                + "  note         = {Relabel release " + bib(c.version()) + " of dataset " + bib(c.datasetKey())
                + ", frozen " + date + "; manifest.json SHA-256 " + c.manifestSha256() + "}\n"
                + "}\n";
    }

    /** Text for BibTeX: braces, backslashes and control characters dropped, %, &, #, _ and $ escaped. */
    static String bib(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '{', '}', '\\' -> {
                }
                case '%', '&', '#', '_', '$' -> out.append('\\').append(ch);
                default -> out.append(Character.isISOControl(ch) ? ' ' : ch);
            }
        }
        return out.toString();
    }

    /**
     * Python that downloads the release's files with an API token, checks labels.csv against its SHA-256, loads them
     * with json and pandas, computes a ReaL-style accuracy and aggregates the long judgments again with crowd-kit.
     *
     * @param filesUrl URL of the release's files, without the file name (ends with "/")
     */
    public static String python(String filesUrl, String labelsCsvSha256) {
        return String.format(Locale.ROOT, """
                import hashlib, io, json, os, urllib.request
                import pandas as pd

                BASE = "%s"
                AUTH = {"Authorization": "Bearer " + os.environ["RELABEL_TOKEN"]}   # an API token (account page)

                def get(name):
                    return urllib.request.urlopen(urllib.request.Request(BASE + name, headers=AUTH)).read()

                raw = get("labels.csv")
                assert hashlib.sha256(raw).hexdigest() == "%s"   # the SHA-256 in manifest.json
                labels = pd.read_csv(io.BytesIO(raw), keep_default_na=False)   # one row per image
                real = json.loads(get("labels.json"))   # {image: [valid labels]}, ReaL format

                # ReaL accuracy of your top-1 predictions {image: label}: images without a valid label are left out
                def real_accuracy(top1):
                    scored = [i for i, valid in real.items() if valid and i in top1]
                    return sum(top1[i] in real[i] for i in scored) / len(scored)

                # the raw judgments, one row per (image, label, annotator): yes / no / maybe
                judgments = pd.read_csv(io.BytesIO(get("judgments.csv")))
                # e.g. aggregate presence again with crowd-kit (pip install crowd-kit)
                from crowdkit.aggregation import DawidSkene
                tasks = pd.DataFrame({"task": judgments.image + "|" + judgments.label,
                                      "worker": judgments.annotator, "label": judgments.answer})
                presence = DawidSkene(n_iter=100).fit_predict(tasks)
                """, filesUrl, labelsCsvSha256);
    }
}

package org.relabel.annotation;

import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Campaign instructions are Markdown written by curators. They render with every HTML tag in the
 * source escaped and link targets sanitised (no {@code javascript:} URLs), so the output is safe to
 * insert unescaped: {@code {campaign.instructions.markdown}} in templates.
 */
public final class Markdown {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private Markdown() {
    }

    /** Safe HTML of Markdown source (empty for null). */
    public static String toHtml(String source) {
        if (source == null || source.isBlank()) return "";
        return RENDERER.render(PARSER.parse(source));
    }

    /** Template extension: the strings separated by single spaces (class key lists in forms). */
    @TemplateExtension
    static String spaced(java.util.List<String> values) {
        return String.join(" ", values);
    }

    /** Template extension: renders Markdown to escaped, sanitised HTML. */
    @TemplateExtension
    static RawString markdown(String source) {
        return new RawString(toHtml(source));
    }
}

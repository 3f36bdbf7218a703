package org.relabel.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkdownTest {
    @Test
    void rendersHeadingsEmphasisAndLists() {
        String html = Markdown.toHtml("# Task\n\nTick **every** object.\n\n- one\n- two\n");
        assertTrue(html.contains("<h1>Task</h1>"), html);
        assertTrue(html.contains("<strong>every</strong>"), html);
        assertTrue(html.contains("<li>one</li>"), html);
    }

    @Test
    void escapesRawHtmlBlocksAndInlineTags() {
        String html = Markdown.toHtml("<script>alert(1)</script>\n\nsome <img src=x onerror=alert(2)> text");
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    }

    @Test
    void dropsJavascriptLinks() {
        String html = Markdown.toHtml("[click](javascript:alert(1)) and [docs](https://example.org)");
        assertFalse(html.contains("javascript:"), html);
        assertTrue(html.contains("href=\"https://example.org\""), html);
    }

    @Test
    void emptyOrMissingSourceRendersNothing() {
        assertEquals("", Markdown.toHtml(null));
        assertEquals("", Markdown.toHtml("  "));
    }
}

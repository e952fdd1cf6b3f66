package org.contrastive4j.report;

import org.contrastive4j.io.SafeFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-contained HTML report: tables and images referenced by relative paths beside it, no
 * script and no external asset, so it renders offline (headless Chromium included).
 */
public final class HtmlReport {
    private final String title;
    private final List<String> body = new ArrayList<>();

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.add("<h2>" + escape(text) + "</h2>");
        return this;
    }

    /** A two-column table of a run's settings (the JSON object its checkpoints record). */
    public HtmlReport settings(com.fasterxml.jackson.databind.JsonNode meta) {
        List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(List.of("setting", "value"));
        meta.fields().forEachRemaining(e -> rows.add(List.of(e.getKey(),
                e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())));
        return table(rows);
    }

    /** A paragraph holding one link to a local file (another report, a data file). */
    public HtmlReport link(String href, String text) {
        body.add("<p><a href=\"" + escape(href) + "\">" + escape(text) + "</a></p>");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.add("<p>" + escape(text) + "</p>");
        return this;
    }

    /** A table whose first row is the header. */
    public HtmlReport table(List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table>");
        for (int r = 0; r < rows.size(); r++) {
            b.append("<tr>");
            for (String cell : rows.get(r)) {
                String tag = r == 0 ? "th" : "td";
                b.append('<').append(tag).append('>').append(escape(cell)).append("</").append(tag).append('>');
            }
            b.append("</tr>");
        }
        body.add(b.append("</table>").toString());
        return this;
    }

    /** An image file in the report's directory. */
    public HtmlReport image(String fileName, String alt) {
        body.add("<figure><img src=\"" + escape(fileName) + "\" alt=\"" + escape(alt) + "\"><figcaption>"
                + escape(alt) + "</figcaption></figure>");
        return this;
    }

    public void write(Path file) throws IOException {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
                + "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}img{max-width:100%}"
                + "figure{margin:1em 0}figcaption{color:#666;font-size:90%}</style></head>\n<body>\n<h1>" + escape(title)
                + "</h1>\n" + String.join("\n", body) + "\n</body></html>\n";
        SafeFiles.write(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

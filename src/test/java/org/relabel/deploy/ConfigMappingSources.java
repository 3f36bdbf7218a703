package org.relabel.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the settings declared by the {@code @ConfigMapping} interfaces from their Java sources (not from
 * the compiled classes, so that the Javadoc is at hand): the prefix, every method with its Javadoc and
 * {@code @WithDefault}, nested groups (a method returning a nested interface). Names follow SmallRye's
 * kebab-case naming ({@code maxFailuresPerUser} is {@code max-failures-per-user}) unless {@code @WithName} says
 * otherwise. {@code default} methods are not settings.
 */
final class ConfigMappingSources {

    /** One setting. */
    record Key(String name, String javadoc, String defaultValue, String type, String source) {
        /** The environment variable that sets it: upper case, dots and dashes become underscores. */
        String env() {
            return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*$");
    private static final Pattern METHOD = Pattern.compile("^(.+?)\\s+(\\w+)\\s*\\(\\s*\\)$", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ConfigMappingSources() {
    }

    /** Every setting declared under {@code sourceRoot}, in declaration order, keyed by name. */
    static Map<String, Key> scan(Path sourceRoot) {
        Map<String, Key> keys = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(file);
                Matcher prefix = PREFIX.matcher(text);
                if (!prefix.find()) continue;
                Map<String, Body> interfaces = interfaces(text);
                int at = text.indexOf('{', prefix.end());
                Body root = interfaces.values().stream().filter(b -> b.open == at).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no interface after @ConfigMapping in " + file));
                collect(text, root, prefix.group(1), interfaces, file.getFileName().toString(), keys);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** An interface body: the positions of its braces. */
    private record Body(String name, int open, int close) {
    }

    /** A member of an interface body at its own level. */
    private record Member(String javadoc, String annotations, String declaration) {
    }

    private static Map<String, Body> interfaces(String text) {
        Map<String, Body> out = new LinkedHashMap<>();
        String code = blankComments(text);
        Matcher m = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{").matcher(code);
        while (m.find()) {
            int open = m.end() - 1;
            out.put(m.group(1), new Body(m.group(1), open, matching(code, open)));
        }
        return out;
    }

    private static void collect(String text, Body body, String prefix, Map<String, Body> interfaces, String source,
            Map<String, Key> keys) {
        for (Member member : members(text, body)) {
            Matcher method = METHOD.matcher(member.declaration);
            if (!method.matches()) continue;
            String type = method.group(1).replaceAll("\\b(public|abstract)\\b", "").strip();
            String name = withName(member.annotations);
            if (name == null) name = kebab(method.group(2));
            String full = prefix + "." + name;
            Body group = interfaces.get(type);
            if (group != null) {
                collect(text, group, full, interfaces, source, keys);
            } else {
                keys.put(full, new Key(full, member.javadoc, withDefault(member.annotations), type, source));
            }
        }
    }

    /** The abstract methods and nested types directly inside a body (default methods and nested bodies skipped). */
    private static List<Member> members(String text, Body body) {
        List<Member> out = new ArrayList<>();
        String code = blankComments(text);
        int i = body.open + 1;
        int start = i;
        String javadoc = "";
        while (i < body.close) {
            if (text.startsWith("/**", i)) {
                int end = text.indexOf("*/", i);
                javadoc = cleanJavadoc(text.substring(i + 3, end));
                i = end + 2;
                start = i;
                continue;
            }
            if (text.startsWith("/*", i) || text.startsWith("//", i)) {
                i = text.startsWith("//", i) ? text.indexOf('\n', i) : text.indexOf("*/", i) + 2;
                continue;
            }
            char c = code.charAt(i);
            if (c == '"') {
                i = endOfString(code, i);
                continue;
            }
            if (c == '(') {
                i = matching(code, i) + 1;
                continue;
            }
            if (c == '{') { // nested interface or default method: skip its body
                i = matching(code, i) + 1;
                start = i;
                javadoc = "";
                continue;
            }
            if (c == ';') {
                String decl = code.substring(start, i);
                String annotations = text.substring(start, i);
                out.add(new Member(javadoc, annotations, stripAnnotations(decl).strip()));
                javadoc = "";
                start = i + 1;
            }
            i++;
        }
        return out;
    }

    private static String stripAnnotations(String decl) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < decl.length()) {
            if (decl.charAt(i) == '@') {
                int j = i + 1;
                while (j < decl.length() && (Character.isJavaIdentifierPart(decl.charAt(j)) || decl.charAt(j) == '.')) j++;
                while (j < decl.length() && Character.isWhitespace(decl.charAt(j))) j++;
                if (j < decl.length() && decl.charAt(j) == '(') j = matching(decl, j) + 1;
                i = j;
                continue;
            }
            out.append(decl.charAt(i++));
        }
        return out.toString().replaceAll("\\s+", " ");
    }

    private static String withDefault(String annotations) {
        return annotationStrings(annotations, "@WithDefault");
    }

    private static String withName(String annotations) {
        return annotationStrings(annotations, "@WithName");
    }

    /** The concatenated string literals of an annotation's argument ({@code "a" + "b"} is {@code ab}). */
    private static String annotationStrings(String annotations, String annotation) {
        int at = annotations.indexOf(annotation + "(");
        if (at < 0) return null;
        int open = at + annotation.length();
        String args = annotations.substring(open + 1, matching(annotations, open));
        StringBuilder value = new StringBuilder();
        Matcher s = STRING.matcher(args);
        while (s.find()) value.append(s.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        return value.toString();
    }

    /** {@code maxFailuresPerUser} is {@code max-failures-per-user}, {@code topK} is {@code top-k}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                if (!out.isEmpty()) out.append('-');
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String cleanJavadoc(String raw) {
        StringBuilder out = new StringBuilder();
        for (String line : raw.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("*")) l = l.substring(1).strip();
            if (!l.isEmpty()) out.append(out.isEmpty() ? "" : " ").append(l);
        }
        return out.toString();
    }

    /** The text with comments and string contents replaced by spaces (same length, so positions agree). */
    private static String blankComments(String text) {
        char[] out = text.toCharArray();
        int i = 0;
        while (i < out.length) {
            if (text.startsWith("//", i)) {
                while (i < out.length && out[i] != '\n') out[i++] = ' ';
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i) + 2;
                while (i < end) {
                    if (out[i] != '\n') out[i] = ' ';
                    i++;
                }
            } else if (out[i] == '"') {
                int end = endOfString(text, i);
                for (int j = i + 1; j < end - 1; j++) out[j] = ' ';
                i = end;
            } else if (out[i] == '\'') {
                int end = text.indexOf('\'', i + (text.charAt(i + 1) == '\\' ? 3 : 2)) + 1;
                for (int j = i + 1; j < end - 1; j++) out[j] = ' ';
                i = end;
            } else {
                i++;
            }
        }
        return new String(out);
    }

    private static int endOfString(String text, int quote) {
        int i = quote + 1;
        while (i < text.length() && text.charAt(i) != '"') {
            if (text.charAt(i) == '\\') i++;
            i++;
        }
        return i + 1;
    }

    /** The position of the bracket closing the one at {@code open} (strings skipped). */
    private static int matching(String text, int open) {
        char o = text.charAt(open);
        char c = o == '(' ? ')' : o == '{' ? '}' : ']';
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                i = endOfString(text, i) - 1;
                continue;
            }
            if (ch == o) depth++;
            if (ch == c && --depth == 0) return i;
        }
        throw new IllegalStateException("unbalanced " + o);
    }
}

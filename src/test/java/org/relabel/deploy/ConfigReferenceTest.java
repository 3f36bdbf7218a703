package org.relabel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the {@code @ConfigMapping} interfaces (their Java sources): every setting is
 * documented with its default and environment variable, every {@code relabel.*} name the page or
 * application.properties uses exists, and every setting has Javadoc.
 */
class ConfigReferenceTest {
    static final Path SOURCES = Path.of("src/main/java/org/relabel");
    static final Path DOC = Path.of("docs/configuration.md");
    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Pattern DOC_NAME = Pattern.compile("`(relabel\\.[a-z0-9.*-]+)`");
    private static final Pattern ENV_NAME = Pattern.compile("`(RELABEL_[A-Z0-9_]+)`");

    static Map<String, ConfigMappingSources.Key> keys;
    static String doc;

    @BeforeAll
    static void read() throws IOException {
        keys = ConfigMappingSources.scan(SOURCES);
        doc = Files.readString(DOC);
    }

    @Test
    void readsNestedGroupsDefaultsAndJavadocFromTheSources() {
        ConfigMappingSources.Key window = keys.get("relabel.security.login.window");
        assertTrue(window != null, "nested group key missing: " + keys.keySet());
        assertEquals("15M", window.defaultValue());
        assertEquals("RELABEL_SECURITY_LOGIN_WINDOW", window.env());
        assertTrue(keys.containsKey("relabel.annotation.defaults.top-k"), "kebab case of topK");
        assertTrue(keys.get("relabel.jobs.kinds").javadoc().contains("score-model"));
        assertTrue(keys.get("relabel.security.content-security-policy").defaultValue().contains("frame-ancestors 'none'"),
                "concatenated default");
        assertTrue(!keys.containsKey("relabel.audit.findings.params"), "default methods are not settings");
        assertTrue(!keys.containsKey("relabel.jobs"), "groups are not settings");
    }

    @Test
    void everySettingHasJavadoc() {
        List<String> missing = keys.values().stream().filter(k -> k.javadoc().isBlank())
                .map(k -> k.name() + " (" + k.source() + ")").toList();
        assertEquals(List.of(), missing, "settings without Javadoc");
    }

    @Test
    void configurationPageDocumentsEverySetting() {
        List<String> missing = keys.keySet().stream().filter(k -> !doc.contains("`" + k + "`")).toList();
        assertEquals(List.of(), missing, "settings missing from " + DOC);
    }

    @Test
    void configurationPageStatesEachDefaultAndEnvironmentVariableCorrectly() {
        List<String> wrong = new ArrayList<>();
        for (ConfigMappingSources.Key key : keys.values()) {
            String row = row(key.name());
            if (row == null) continue; // reported by configurationPageDocumentsEverySetting
            String dflt = key.defaultValue();
            if (dflt != null && dflt.length() <= 30 && !row.contains("`" + dflt + "`")) {
                wrong.add(key.name() + ": default `" + dflt + "` not in its row");
            }
            Matcher env = ENV_NAME.matcher(row);
            while (env.find()) {
                if (!env.group(1).equals(key.env())) wrong.add(key.name() + ": env " + env.group(1) + " should be " + key.env());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyRelabelNameOnTheConfigurationPageExists() {
        List<String> unknown = new ArrayList<>();
        Matcher m = DOC_NAME.matcher(doc);
        while (m.find()) {
            if (!exists(m.group(1))) unknown.add(m.group(1));
        }
        assertEquals(List.of(), unknown, "names in " + DOC + " that no @ConfigMapping declares");
    }

    @Test
    void everyRelabelSettingInApplicationPropertiesExists() throws IOException {
        List<String> unknown = new ArrayList<>();
        Pattern assigned = Pattern.compile("^(?:%[\\w-]+\\.)?(relabel\\.[a-z0-9.-]+)\\s*=");
        Pattern referenced = Pattern.compile("\\$\\{(relabel\\.[a-z0-9.-]+)[:}]");
        for (String line : Files.readAllLines(PROPERTIES)) {
            if (line.startsWith("#")) continue;
            Matcher a = assigned.matcher(line);
            if (a.find() && !keys.containsKey(a.group(1))) unknown.add(a.group(1));
            Matcher r = referenced.matcher(line);
            while (r.find()) {
                if (!keys.containsKey(r.group(1))) unknown.add(r.group(1));
            }
        }
        assertEquals(List.of(), unknown, "relabel.* names in " + PROPERTIES + " that no @ConfigMapping declares");
    }

    /** A setting, or a group written as {@code relabel.security.login.*}. */
    static boolean exists(String name) {
        if (name.endsWith(".*")) {
            String group = name.substring(0, name.length() - 1);
            return keys.keySet().stream().anyMatch(k -> k.startsWith(group));
        }
        return keys.containsKey(name);
    }

    /** The table row that documents a setting (its first cell is the name). */
    private static String row(String name) {
        for (String line : doc.split("\\R")) {
            if (line.startsWith("| `" + name + "`")) return line;
        }
        return null;
    }
}

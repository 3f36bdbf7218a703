package org.relabel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files under deploy/: every Kubernetes object conforms to the Kubernetes API schema
 * ({@link KubernetesSchema}), and the manifests, the compose file and the Dockerfile hold together the way
 * Relabel needs (several web replicas with health probes and resources, one secret for the session and
 * invite keys, a shared data volume, scoring on GPU workers, settings that exist).
 */
class DeployManifestsTest {
    static final Path DEPLOY = Path.of("deploy");
    static final Path K8S = DEPLOY.resolve("k8s");
    static final YAMLMapper YAML = new YAMLMapper();
    static final Set<String> APP_IMAGES = Set.of("relabel", "relabel-gpu");

    /** One object of a manifest file. */
    record Manifest(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file.getFileName() + ": " + kind() + " " + name();
        }
    }

    static List<Manifest> manifests;
    static Map<String, ConfigMappingSources.Key> settings;

    @BeforeAll
    static void read() throws IOException {
        manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) continue;
                for (JsonNode node : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
                    if (node != null && !node.isNull() && !node.isMissingNode()) manifests.add(new Manifest(file, node));
                }
            }
        }
        settings = ConfigMappingSources.scan(ConfigReferenceTest.SOURCES);
    }

    // ------------------------------------------------------------------ schema

    @Test
    void everyObjectConformsToTheKubernetesApiSchema() {
        assertTrue(manifests.size() >= 8, "expected the manifests under " + K8S + ", found " + manifests);
        List<String> problems = new ArrayList<>();
        for (Manifest m : manifests) {
            KubernetesSchema.problems(m.node()).forEach(p -> problems.add(m + ": " + p));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void schemaCheckRejectsUnknownFieldsMissingRequiredFieldsAndWrongTypes() {
        ObjectNode typo = web().node().deepCopy();
        ObjectNode container = (ObjectNode) typo.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertProblem(typo, "readinesProbe");

        ObjectNode nameless = web().node().deepCopy();
        ((ObjectNode) nameless.at("/spec/template/spec/containers/0")).remove("name");
        assertProblem(nameless, "name");

        ObjectNode wordy = web().node().deepCopy();
        ((ObjectNode) wordy.at("/spec")).put("replicas", "two");
        assertProblem(wordy, "");

        ObjectNode badQuantity = web().node().deepCopy();
        ((ObjectNode) badQuantity.at("/spec/template/spec/containers/0/resources/requests")).put("memory", "1 GB");
        assertProblem(badQuantity, "");

        ObjectNode oldApi = web().node().deepCopy();
        oldApi.put("apiVersion", "extensions/v1beta1");
        assertProblem(oldApi, "apiVersion");
    }

    private static void assertProblem(JsonNode object, String mentioned) {
        List<String> problems = KubernetesSchema.problems(object);
        assertFalse(problems.isEmpty(), "accepted an invalid object");
        assertTrue(problems.stream().anyMatch(p -> p.contains(mentioned)), problems + " should mention " + mentioned);
    }

    @Test
    void kustomizationAppliesEveryManifestButTheExamples() throws IOException {
        JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        Set<String> resources = new TreeSet<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(K8S)) {
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml") && !n.endsWith(".example.yaml"))
                    .forEach(files::add);
        }
        assertEquals(files, resources);
        Set<String> images = new TreeSet<>();
        kustomization.path("images").forEach(i -> images.add(i.path("name").asText()));
        assertEquals(new TreeSet<>(APP_IMAGES), images, "the kustomization names the app images");
    }

    // ------------------------------------------------------------------ web replicas

    @Test
    void webRunsSeveralReplicasBehindAServiceAndADisruptionBudget() {
        Manifest web = web();
        int replicas = web.node().at("/spec/replicas").asInt(1);
        assertTrue(replicas >= 2, "web replicas: " + replicas);
        JsonNode podLabels = web.node().at("/spec/template/metadata/labels");
        assertTrue(selects(web.node().at("/spec/selector/matchLabels"), podLabels));

        Manifest service = one("Service", m -> selects(m.node().at("/spec/selector"), podLabels));
        JsonNode port = service.node().at("/spec/ports/0/targetPort");
        Set<String> containerPorts = new HashSet<>();
        web.node().at("/spec/template/spec/containers/0/ports").forEach(p -> {
            containerPorts.add(p.path("name").asText());
            containerPorts.add(p.path("containerPort").asText());
        });
        assertTrue(containerPorts.contains(port.asText()), "Service targets a container port: " + port);

        Manifest pdb = one("PodDisruptionBudget", m -> selects(m.node().at("/spec/selector/matchLabels"), podLabels));
        int minAvailable = pdb.node().at("/spec/minAvailable").asInt(0);
        assertTrue(minAvailable >= 1 && minAvailable < replicas, "PDB minAvailable " + minAvailable);
    }

    @Test
    void everyRelabelContainerIsProbedOnQuarkusHealthEndpoints() {
        List<JsonNode> containers = appContainers();
        assertTrue(containers.size() >= 2, "web and scoring worker");
        for (JsonNode c : containers) {
            assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText(), c.path("name").asText());
            assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
            assertEquals("/q/health/started", c.at("/startupProbe/httpGet/path").asText());
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                String port = c.path(probe).at("/httpGet/port").asText();
                boolean declared = false;
                for (JsonNode p : c.path("ports")) {
                    declared |= port.equals(p.path("name").asText()) || port.equals(p.path("containerPort").asText());
                }
                assertTrue(declared, probe + " port " + port + " is a container port");
            }
        }
    }

    @Test
    void everyContainerRequestsCpuAndMemoryAndLimitsMemory() {
        List<String> missing = new ArrayList<>();
        for (Manifest m : workloads()) {
            for (JsonNode c : m.node().at("/spec/template/spec/containers")) {
                JsonNode r = c.path("resources");
                if (r.at("/requests/cpu").isMissingNode()) missing.add(m + " " + c.path("name").asText() + ": requests.cpu");
                if (r.at("/requests/memory").isMissingNode()) missing.add(m + " " + c.path("name").asText() + ": requests.memory");
                if (r.at("/limits/memory").isMissingNode()) missing.add(m + " " + c.path("name").asText() + ": limits.memory");
            }
        }
        assertEquals(List.of(), missing);
    }

    // ------------------------------------------------------------------ shared state across instances

    @Test
    void everyReferencedSecretConfigMapAndVolumeClaimExists() {
        List<String> missing = new ArrayList<>();
        for (Manifest m : workloads()) {
            JsonNode pod = m.node().at("/spec/template/spec");
            for (JsonNode c : pod.path("containers")) {
                for (JsonNode e : c.path("env")) {
                    JsonNode secret = e.at("/valueFrom/secretKeyRef");
                    if (!secret.isMissingNode() && !hasKey("Secret", secret.path("name").asText(), secret.path("key").asText())) {
                        missing.add(m + ": secret " + secret.path("name").asText() + "/" + secret.path("key").asText());
                    }
                    JsonNode config = e.at("/valueFrom/configMapKeyRef");
                    if (!config.isMissingNode() && !hasKey("ConfigMap", config.path("name").asText(), config.path("key").asText())) {
                        missing.add(m + ": config map key " + config.path("name").asText() + "/" + config.path("key").asText());
                    }
                }
                for (JsonNode from : c.path("envFrom")) {
                    String cm = from.at("/configMapRef/name").asText(null);
                    if (cm != null && find("ConfigMap", cm) == null) missing.add(m + ": config map " + cm);
                    String s = from.at("/secretRef/name").asText(null);
                    if (s != null && find("Secret", s) == null) missing.add(m + ": secret " + s);
                }
            }
            for (JsonNode v : pod.path("volumes")) {
                String claim = v.at("/persistentVolumeClaim/claimName").asText(null);
                if (claim != null && find("PersistentVolumeClaim", claim) == null) missing.add(m + ": claim " + claim);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void allRelabelPodsShareTheSessionAndInviteKeysAndTheDataVolume() {
        Map<String, String> sharedSecrets = Map.of(
                "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", "session-key",
                "RELABEL_ANNOTATION_INVITE_KEY", "invite-key",
                "RELABEL_ADMIN_PASSWORD", "admin-password",
                "QUARKUS_DATASOURCE_PASSWORD", "db-password");
        Set<String> dataClaims = new HashSet<>();
        for (Manifest m : appWorkloads()) {
            JsonNode pod = m.node().at("/spec/template/spec");
            JsonNode c = pod.at("/containers/0");
            for (Map.Entry<String, String> shared : sharedSecrets.entrySet()) {
                JsonNode ref = env(c, shared.getKey()).at("/valueFrom/secretKeyRef");
                assertEquals("relabel-secrets", ref.path("name").asText(), m + " " + shared.getKey());
                assertEquals(shared.getValue(), ref.path("key").asText(), m + " " + shared.getKey());
            }
            String dataDir = configValue(c, "RELABEL_DATA_DIR");
            String volume = null;
            for (JsonNode mount : c.path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals(dataDir)) volume = mount.path("name").asText();
            }
            assertNotNull(volume, m + ": nothing mounted at RELABEL_DATA_DIR " + dataDir);
            for (JsonNode v : pod.path("volumes")) {
                if (v.path("name").asText().equals(volume)) dataClaims.add(v.at("/persistentVolumeClaim/claimName").asText());
            }
        }
        assertEquals(1, dataClaims.size(), "every Relabel pod mounts the same data volume claim: " + dataClaims);
        Manifest claim = find("PersistentVolumeClaim", dataClaims.iterator().next());
        assertTrue(claim.node().at("/spec/accessModes").toString().contains("ReadWriteMany"),
                "pods on several nodes share the data directory");
    }

    @Test
    void theDatabaseUrlUserAndPasswordMatchThePostgresStatefulSet() {
        Manifest postgres = one("StatefulSet", m -> m.node().at("/spec/template/spec/containers/0/image").asText().startsWith("postgres"));
        JsonNode pg = postgres.node().at("/spec/template/spec/containers/0");
        String db = env(pg, "POSTGRES_DB").path("value").asText();
        Manifest service = find("Service", postgres.node().at("/spec/serviceName").asText());
        assertNotNull(service, "the StatefulSet's governing Service");
        int port = service.node().at("/spec/ports/0/port").asInt();
        for (Manifest m : appWorkloads()) {
            JsonNode c = m.node().at("/spec/template/spec/containers/0");
            assertEquals("jdbc:postgresql://" + service.name() + ":" + port + "/" + db, configValue(c, "QUARKUS_DATASOURCE_JDBC_URL"));
            assertEquals("pg", configValue(c, "QUARKUS_PROFILE"));
            assertEquals(env(pg, "POSTGRES_USER").at("/valueFrom/secretKeyRef"), env(c, "QUARKUS_DATASOURCE_USERNAME").at("/valueFrom/secretKeyRef"));
            assertEquals(env(pg, "POSTGRES_PASSWORD").at("/valueFrom/secretKeyRef"), env(c, "QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef"));
        }
    }

    // ------------------------------------------------------------------ scoring workers

    @Test
    void scoringRunsOnGpuWorkersAndNotOnWebReplicas() {
        JsonNode web = web().node().at("/spec/template/spec/containers/0");
        assertTrue(List.of(env(web, "RELABEL_JOBS_EXCLUDE_KINDS").path("value").asText().split(",")).contains("score-model"));
        assertTrue(env(web, "RELABEL_JOBS_KINDS").isMissingNode(), "web replicas run every other kind");

        Manifest worker = one("Deployment", m -> m.node().at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu").isValueNode());
        JsonNode pod = worker.node().at("/spec/template/spec");
        JsonNode c = pod.at("/containers/0");
        assertEquals("score-model", env(c, "RELABEL_JOBS_KINDS").path("value").asText());
        assertEquals("relabel-gpu", c.path("image").asText());
        assertTrue(c.at("/resources/limits/nvidia.com~1gpu").asInt() >= 1);
        assertFalse(pod.path("nodeSelector").isEmpty(), "GPU nodes are selected");
        boolean tolerates = false;
        for (JsonNode t : pod.path("tolerations")) tolerates |= t.path("key").asText().equals("nvidia.com/gpu");
        assertTrue(tolerates, "tolerates the GPU nodes' taint");
        assertTrue(find("Service", worker.name()) == null, "no Service sends requests to the workers");
    }

    @Test
    void relabelEnvironmentVariablesNameRealSettings() throws IOException {
        Set<String> known = new HashSet<>();
        settings.values().forEach(k -> known.add(k.env()));
        List<String> unknown = new ArrayList<>();
        for (Manifest m : manifests) {
            Set<String> names = new TreeSet<>();
            if (m.kind().equals("ConfigMap")) m.node().path("data").fieldNames().forEachRemaining(names::add);
            for (JsonNode c : m.node().at("/spec/template/spec/containers")) {
                c.path("env").forEach(e -> names.add(e.path("name").asText()));
            }
            names.stream().filter(n -> n.startsWith("RELABEL_") && !known.contains(n)).forEach(n -> unknown.add(m + ": " + n));
        }
        JsonNode compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        compose.path("services").fields().forEachRemaining(s -> s.getValue().path("environment").fieldNames().forEachRemaining(n -> {
            if (n.startsWith("RELABEL_") && !known.contains(n)) unknown.add("compose " + s.getKey() + ": " + n);
        }));
        assertEquals(List.of(), unknown, "RELABEL_* variables that no @ConfigMapping setting reads");
    }

    // ------------------------------------------------------------------ compose and image

    @Test
    void composeRunsTheAppOnPostgresWithPersistentVolumes() throws IOException {
        JsonNode compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        JsonNode services = compose.path("services");
        JsonNode pg = services.path("postgres");
        JsonNode app = services.path("relabel");
        assertFalse(pg.isMissingNode() || app.isMissingNode(), "services postgres and relabel");
        JsonNode env = app.path("environment");
        assertEquals("pg", env.path("QUARKUS_PROFILE").asText());
        assertEquals("jdbc:postgresql://postgres:5432/" + pg.at("/environment/POSTGRES_DB").asText(),
                env.path("QUARKUS_DATASOURCE_JDBC_URL").asText());
        assertEquals(pg.at("/environment/POSTGRES_USER").asText(), env.path("QUARKUS_DATASOURCE_USERNAME").asText());
        assertEquals(pg.at("/environment/POSTGRES_PASSWORD").asText(), env.path("QUARKUS_DATASOURCE_PASSWORD").asText());
        assertTrue(env.path("QUARKUS_DATASOURCE_PASSWORD").asText().contains(":?"), "the password must be given, not defaulted");
        assertEquals("service_healthy", app.at("/depends_on/postgres/condition").asText());
        assertFalse(pg.path("healthcheck").isMissingNode());

        Set<String> volumes = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(volumes::add);
        assertMountsNamedVolume(app, env.path("RELABEL_DATA_DIR").asText(), volumes);
        assertMountsNamedVolume(pg, "/var/lib/postgresql/data", volumes);

        Path context = DEPLOY.resolve(app.at("/build/context").asText()).normalize();
        Path dockerfile = context.resolve(app.at("/build/dockerfile").asText()).normalize();
        assertEquals(DEPLOY.resolve("Dockerfile.jvm").normalize(), dockerfile);
    }

    private static void assertMountsNamedVolume(JsonNode service, String path, Set<String> volumes) {
        boolean mounted = false;
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            mounted |= parts.length >= 2 && parts[1].equals(path) && volumes.contains(parts[0]);
        }
        assertTrue(mounted, "a named volume at " + path);
    }

    @Test
    void imageFollowsQuarkusConventionsAndRunsOnPostgresAsANonRootUser() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile.jvm"));
        List<String> lines = dockerfile.lines().map(String::strip).filter(l -> !l.startsWith("#") && !l.isEmpty()).toList();
        assertTrue(lines.get(0).matches("FROM registry\\.access\\.redhat\\.com/ubi9/openjdk-17:[0-9.]+"), lines.get(0));
        for (String layer : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertTrue(dockerfile.contains("COPY --chown=185 target/quarkus-app/" + layer), "fast-jar layer " + layer);
        }
        String lastUser = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("");
        assertEquals("USER 185", lastUser, "runs as the image's non-root user");
        assertTrue(dockerfile.contains("RELABEL_DATA_DIR=/data") && dockerfile.contains("VOLUME /data"));
        assertTrue(dockerfile.contains("chown 185:0 /data"), "the volume's mount point belongs to the app's user");
        assertTrue(dockerfile.contains("QUARKUS_PROFILE=pg"));
        assertTrue(dockerfile.contains("-Dai.djl.offline=true"));
        assertTrue(lines.get(lines.size() - 1).contains("/opt/jboss/container/java/run/run-java.sh"));
        assertEquals(List.of("*", "!target/quarkus-app/"), Files.readAllLines(DEPLOY.resolve("Dockerfile.jvm.dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    }

    // ------------------------------------------------------------------ helpers

    static Manifest web() {
        return one("Deployment", m -> m.node().at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu").isMissingNode()
                && APP_IMAGES.contains(m.node().at("/spec/template/spec/containers/0/image").asText()));
    }

    static List<Manifest> workloads() {
        return manifests.stream().filter(m -> Set.of("Deployment", "StatefulSet").contains(m.kind())).toList();
    }

    static List<Manifest> appWorkloads() {
        return workloads().stream().filter(m -> APP_IMAGES.contains(m.node().at("/spec/template/spec/containers/0/image").asText())).toList();
    }

    static List<JsonNode> appContainers() {
        return appWorkloads().stream().map(m -> m.node().at("/spec/template/spec/containers/0")).toList();
    }

    static Manifest one(String kind, Predicate<Manifest> filter) {
        List<Manifest> found = manifests.stream().filter(m -> m.kind().equals(kind)).filter(filter).toList();
        assertEquals(1, found.size(), "exactly one matching " + kind + ": " + found);
        return found.get(0);
    }

    static Manifest find(String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst().orElse(null);
    }

    static boolean hasKey(String kind, String name, String key) {
        Manifest m = find(kind, name);
        return m != null && (m.node().at("/data/" + key).isValueNode() || m.node().at("/stringData/" + key).isValueNode());
    }

    /** Whether every label of the selector is on the pod. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) return false;
        boolean all = true;
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            all &= e.getValue().equals(labels.path(e.getKey()));
        }
        return all;
    }

    static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) return e;
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** A variable's value from the container's env or its config maps (env wins, as in Kubernetes). */
    static String configValue(JsonNode container, String name) {
        JsonNode e = env(container, name);
        if (e.path("value").isTextual()) return e.path("value").asText();
        for (JsonNode from : container.path("envFrom")) {
            Manifest cm = find("ConfigMap", from.at("/configMapRef/name").asText());
            if (cm != null && cm.node().at("/data/" + name).isTextual()) return cm.node().at("/data/" + name).asText();
        }
        return null;
    }
}

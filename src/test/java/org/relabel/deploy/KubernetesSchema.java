package org.relabel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a Kubernetes object against the Kubernetes API schema, as the official Kubernetes Java client
 * ({@code io.kubernetes:client-java-api}) carries it: its models are generated from the Kubernetes OpenAPI
 * specification, and each has a {@code validateJsonElement} that rejects fields the API does not define
 * (at every depth, like {@code kubectl --validate=strict}) and missing required fields; reading the object
 * into the model then checks the value types (numbers, quantities such as {@code 512Mi}, int-or-string).
 * No package on Maven Central or npm ships the JSON-schema rendering of the spec, so this stands in for it.
 */
final class KubernetesSchema {
    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    /** The API group and version of each kind the manifests may use. */
    private static final Map<String, String> API_VERSIONS = Map.of(
            "ConfigMap", "v1", "Secret", "v1", "Service", "v1", "PersistentVolumeClaim", "v1",
            "Deployment", "apps/v1", "StatefulSet", "apps/v1",
            "PodDisruptionBudget", "policy/v1", "Ingress", "networking.k8s.io/v1",
            "HorizontalPodAutoscaler", "autoscaling/v2", "NetworkPolicy", "networking.k8s.io/v1");
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final JSON GSON = new JSON();

    private KubernetesSchema() {
    }

    /** What is wrong with the object; empty when it conforms. */
    static List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>();
        String kind = object.path("kind").asText("");
        String apiVersion = object.path("apiVersion").asText("");
        String expected = API_VERSIONS.get(kind);
        if (expected == null) {
            problems.add("no schema known for kind '" + kind + "'");
            return problems;
        }
        if (!expected.equals(apiVersion)) {
            problems.add(kind + " must have apiVersion " + expected + ", not '" + apiVersion + "'");
            return problems;
        }
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        Class<?> model;
        try {
            model = Class.forName(MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind);
        } catch (ClassNotFoundException e) {
            problems.add("no model for " + apiVersion + " " + kind);
            return problems;
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(JACKSON.writeValueAsString(object));
        } catch (Exception e) {
            problems.add("not JSON: " + e.getMessage());
            return problems;
        }
        try {
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
        } catch (InvocationTargetException e) {
            problems.add(shorten(e.getCause()));
            return problems;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        try {
            GSON.getGson().fromJson(json, model);
        } catch (RuntimeException e) {
            problems.add("wrong type: " + shorten(e));
        }
        return problems;
    }

    /** The message without the JSON dump the generated validators append. */
    private static String shorten(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int json = m.indexOf(" JSON: ");
        return json > 0 ? m.substring(0, json) : m;
    }
}

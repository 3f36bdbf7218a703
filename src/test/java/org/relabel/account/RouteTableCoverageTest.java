package org.relabel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.relabel.web.HomePage;

/**
 * Walks every JAX-RS resource method of the application (classes with {@code @Path} under
 * {@code org.relabel}, main code only) and checks that each states who may call it and is listed in
 * {@link RouteTable}, so that a new endpoint without a rule fails the build.
 */
class RouteTableCoverageTest {

    /** One resource method: HTTP method, path template (parameters as {name}), where it is declared. */
    record Endpoint(String method, String template, String where, boolean secured) {
        String key() {
            return method + " " + template;
        }
    }

    static List<Endpoint> endpoints() throws IOException, URISyntaxException, ClassNotFoundException {
        java.nio.file.Path root = java.nio.file.Path.of(HomePage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classNames;
        try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("org/relabel"))) {
            classNames = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString().replace('/', '.').replace(".class", ""))
                    .sorted().toList();
        }
        List<Endpoint> result = new ArrayList<>();
        for (String name : classNames) {
            Class<?> type = Class.forName(name, false, RouteTableCoverageTest.class.getClassLoader());
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null || type.isInterface() || Modifier.isAbstract(type.getModifiers())) continue;
            for (Method m : type.getMethods()) {
                String http = httpMethod(m);
                Path methodPath = m.getAnnotation(Path.class);
                if (http == null) {
                    assertTrue(methodPath == null, "sub-resource locators are not supported by the route table: " + m);
                    continue;
                }
                String template = normalise(classPath.value() + "/" + (methodPath == null ? "" : methodPath.value()));
                result.add(new Endpoint(http, template, type.getSimpleName() + "." + m.getName(), secured(m) || secured(type)));
            }
        }
        return result;
    }

    static String httpMethod(Method m) {
        for (var a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) return h.value();
        }
        return null;
    }

    static boolean secured(AnnotatedElement e) {
        return e.isAnnotationPresent(RolesAllowed.class) || e.isAnnotationPresent(PermitAll.class)
                || e.isAnnotationPresent(DenyAll.class) || e.isAnnotationPresent(Authenticated.class);
    }

    /** {@code /api/datasets/ + {d}/images/{image: .+}} becomes {@code /api/datasets/{d}/images/{image}}. */
    static String normalise(String path) {
        String p = path.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        if (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.startsWith("/") ? p : "/" + p;
    }

    @Test
    void normalisesTemplates() {
        assertEquals("/api/datasets/{d}/images/{image}", normalise("/api/datasets/{d}/images/{image: .+}"));
        assertEquals("/", normalise("//"));
        assertEquals("/login", normalise("/" + "/login"));
    }

    @Test
    void findsTheResourcesOfTheApplication() throws Exception {
        Set<String> keys = new TreeSet<>(endpoints().stream().map(Endpoint::key).toList());
        assertTrue(keys.contains("GET /api/datasets/{d}/images/{image}"), keys.toString());
        assertTrue(keys.contains("POST /logout"), keys.toString());
    }

    @Test
    void everyEndpointStatesItsRoles() throws Exception {
        List<String> unsecured = endpoints().stream().filter(e -> !e.secured())
                .map(e -> e.key() + " (" + e.where() + ")").toList();
        assertEquals(List.of(), unsecured, "endpoints without @RolesAllowed/@PermitAll/@DenyAll on the method or class");
    }

    @Test
    void everyEndpointIsInTheRouteTable() throws Exception {
        Map<String, RouteTable.Route> table = RouteTable.byKey();
        List<String> missing = endpoints().stream().filter(e -> !table.containsKey(e.key()))
                .map(e -> e.key() + " (" + e.where() + ")").toList();
        assertEquals(List.of(), missing, "endpoints missing from RouteTable.ROUTES: add a line with their roles");
    }

    @Test
    void everyRestRouteOfTheTableExists() throws Exception {
        Set<String> existing = new TreeSet<>(endpoints().stream().map(Endpoint::key).toList());
        List<String> stale = RouteTable.ROUTES.stream().filter(RouteTable.Route::jaxrs)
                .map(RouteTable.Route::key).filter(k -> !existing.contains(k)).toList();
        assertEquals(List.of(), stale, "RouteTable lists endpoints that do not exist");
    }
}

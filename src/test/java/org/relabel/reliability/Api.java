package org.relabel.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A small HTTP client for the tests that drive a packaged application: HTTP Basic or a form-login
 * session cookie (kept by this object, so it can be sent to another instance), JSON via Jackson.
 */
public final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SESSION_COOKIE = "quarkus-credential";
    private static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final HttpClient http;
    private volatile URI base;
    private final String authorization;
    private volatile String session;

    private Api(HttpClient http, URI base, String authorization, String session) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
        this.session = session;
    }

    /** No credentials. */
    public static Api anonymous(URI base) {
        return new Api(SHARED, base, null, null);
    }

    /** HTTP Basic. */
    public static Api basic(URI base, String user, String password) {
        return new Api(SHARED, base, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)), null);
    }

    /** Signs in through the login form and keeps the session cookie. */
    public static Api login(URI base, String user, String password) {
        Api api = new Api(SHARED, base, null, null);
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&j_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        Response r = api.send(HttpRequest.newBuilder(base.resolve("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (r.status() != 302 || api.session == null) {
            throw new IllegalStateException("sign-in of " + user + " answered " + r.status() + " without a session cookie");
        }
        return api;
    }

    /** The same credentials (session cookie included) against another instance. */
    public Api at(URI other) {
        return new Api(http, other, authorization, session);
    }

    /** Points this client at another instance from now on (the session cookie goes along). */
    public void moveTo(URI other) {
        this.base = other;
    }

    public URI base() {
        return base;
    }

    public String session() {
        return session;
    }

    /** A reply: status and body (JSON when it parses). */
    public record Response(int status, String body, Optional<String> contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response postJson(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response putJson(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response postBytes(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Like {@link #send} but lets network errors through, for clients that must tell them apart. */
    public Response sendOrThrow(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        List<String> cookies = r.headers().allValues("Set-Cookie");
        for (String c : cookies) {
            if (c.startsWith(SESSION_COOKIE + "=")) {
                String value = c.substring(SESSION_COOKIE.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
                if (!value.isEmpty()) session = value;
            }
        }
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type"));
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        if (session != null) b.header("Cookie", SESSION_COOKIE + "=" + session);
        return b;
    }

    Response send(HttpRequest.Builder builder) {
        try {
            return sendOrThrow(builder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object body) {
        if (body instanceof String s) return s;
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with the reply when the status is not the expected one. */
    public static Response expect(int status, Response r) {
        if (r.status() != status) throw new AssertionError("expected " + status + " but got " + r.status() + ": " + r.body());
        return r;
    }
}

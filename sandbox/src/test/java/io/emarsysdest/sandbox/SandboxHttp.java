package io.emarsysdest.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;

/** Minimal raw HTTP for sandbox tests (the real client lives in module emarsys, which tests against the sandbox). */
final class SandboxHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final EmarsysSandbox sandbox;
    private final InstantSource clock;

    record Answer(int status, JsonNode json, HttpResponse<String> raw) {
        int replyCode() {
            return json.path("replyCode").asInt(-1);
        }

        JsonNode data() {
            return json.path("data");
        }
    }

    SandboxHttp(EmarsysSandbox sandbox, InstantSource clock) {
        this.sandbox = sandbox;
        this.clock = clock;
    }

    static String wsse(String user, String secret, String nonce, String created) {
        return "UsernameToken Username=\"" + user + "\", PasswordDigest=\"" + SandboxAuth.expectedDigest(nonce, created, secret)
                + "\", Nonce=\"" + nonce + "\", Created=\"" + created + "\"";
    }

    String header(Instant created) {
        return wsse(SandboxOptions.DEFAULT_USER, SandboxOptions.DEFAULT_SECRET, Long.toHexString(System.nanoTime()) + "00ff00ff00ff00ff",
                java.time.format.DateTimeFormatter.ISO_INSTANT.format(created));
    }

    Answer v2(String method, String path, String body) throws Exception {
        return send(method, sandbox.baseUrlV2() + path, body, header(clock.instant()));
    }

    Answer send(String method, String url, String body, String wsse) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        if (wsse != null) b.header("X-WSSE", wsse);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        return new Answer(r.statusCode(), json, r);
    }
}

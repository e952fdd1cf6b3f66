package org.contrastive4j.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** The tests' HTTP/1.1 client of a server on loopback: JSON POSTs (a null body is a GET), with or without an API key. */
final class ServerClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    ServerClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    HttpRequest request(String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (body != null) {
            b.POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b.build();
    }

    HttpResponse<String> send(String path, String body) throws IOException, InterruptedException {
        return send(path, body, null);
    }

    HttpResponse<String> send(String path, String body, String key) throws IOException, InterruptedException {
        return http.send(request(path, body, key), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> sendAsync(String path, String body) {
        return http.sendAsync(request(path, body, null), HttpResponse.BodyHandlers.ofString());
    }
}

package com.example.orderservice.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The application that {@code ./mvnw package} built (the JAR, or the native executable with {@code -Dnative}, as
 * named in {@code target/quarkus-artifact.properties}), run as a child process on a free loopback port, so that a
 * test can send it real signals.
 */
final class PackagedApp implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedApp(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static PackagedApp start(String name) throws IOException, InterruptedException {
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("target", "quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        Path executable = Path.of("target").resolve(artifact.getProperty("path"));
        int port = freePort();
        List<String> command = new ArrayList<>();
        List<String> properties = List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1");
        if ("native".equals(artifact.getProperty("type"))) {
            command.add(executable.toString());
            command.addAll(properties);
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(properties);
            command.add("-jar");
            command.add(executable.toString());
        }
        Path log = Path.of("target", name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedApp app = new PackagedApp(process, port, log);
        app.awaitReady();
        return app;
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Process process() {
        return process;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded) for a line in the application's log. */
    void awaitLog(String text) throws InterruptedException {
        for (int attempt = 0; attempt < 600 && !log().contains(text); attempt++) {
            Thread.sleep(50);
        }
        if (!log().contains(text)) {
            throw new AssertionError("\"" + text + "\" never appeared in the log:\n" + log());
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 600 && process.isAlive(); attempt++) {
            try {
                HttpRequest ready = HttpRequest.newBuilder(uri("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the application did not become ready:\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

package com.example.orderservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.orderservice.metrics.Scrape;

/**
 * One replica of the packaged service, started as its own process the way a container runs it: the native executable
 * when the build made one, {@code java -jar target/quarkus-app/quarkus-run.jar} otherwise. On a free loopback port,
 * kept across restarts; its log is {@code target/replica-NAME.log}, new at each start.
 */
public final class Replica implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = RawHttp.client();

    private final String name;
    private final Map<String, String> config;
    private final List<String> vmOptions;
    private final int port = ExternalProcess.freePort();
    private ExternalProcess process;

    public Replica(String name, Map<String, String> config) {
        this(name, config, List.of());
    }

    /** With options for the JVM (or the native executable) before the configuration, such as the heap size. */
    public Replica(String name, Map<String, String> config, List<String> vmOptions) {
        this.name = name;
        this.config = config;
        this.vmOptions = vmOptions;
    }

    /** Whether replicas run the native executable (the build made one) rather than the JAR. */
    public static boolean runsNative() {
        return Files.isExecutable(nativeImage());
    }

    /** Starts the process and waits until it is ready (bounded); fails with its log if it dies or never is. */
    public Replica start() {
        return start("/q/health/ready");
    }

    /** As {@link #start()}, waiting only until it is alive: for a replica whose readiness is meant to stay DOWN. */
    public Replica startLive() {
        return start("/q/health/live");
    }

    private Replica start(String healthPath) {
        List<String> command = new ArrayList<>();
        if (runsNative()) {
            command.add(nativeImage().toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        command.addAll(vmOptions);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!runsNative()) {
            command.addAll(List.of("-jar", JAR.toString()));
        }
        try {
            Files.deleteIfExists(log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ExternalProcess.start("replica-" + name, log(), new ProcessBuilder(command))
                .awaitHttp200(START_TIMEOUT, uri(healthPath));
        return this;
    }

    /** SIGTERM, as Kubernetes stops a pod, and waits for the process to end. */
    public void stop() {
        if (process != null) {
            process.close();
        }
    }

    /** SIGKILL: the process ends at once, with whatever it had in flight. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM without waiting: for a test that watches the shutdown as it happens. */
    public void sigterm() {
        process.signalStop();
    }

    /** Waits (bounded) for the process to end; whether it did. */
    public boolean exitsWithin(Duration bound) throws InterruptedException {
        return process.exitsWithin(bound);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** One scrape of its {@code /metrics}, in the text format. */
    public Scrape metrics() {
        try {
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(uri("/metrics")).header("Accept", "text/plain")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (scrape.statusCode() != 200) {
                throw new AssertionError("/metrics answered " + scrape.statusCode() + ": " + scrape.body());
            }
            return new Scrape(scrape.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String logText() {
        return process.logText();
    }

    private static Path nativeImage() {
        return Path.of(System.getProperty("native.image.path", "target/none"));
    }

    private Path log() {
        return Path.of("target", "replica-" + name + ".log");
    }
}

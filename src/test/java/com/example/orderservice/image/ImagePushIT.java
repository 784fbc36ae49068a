package com.example.orderservice.image;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.orderservice.TestOrders;
import com.example.orderservice.ExternalProcess;
import com.example.orderservice.ProjectCopy;
import com.example.orderservice.kubernetes.ApplicationConfig;
import com.example.orderservice.kubernetes.Manifests;
import com.example.orderservice.metrics.Scrape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The image path for real, with no Docker daemon and no public registry: Debian's docker-registry on loopback, a
 * base image made offline from the JDK the image runs (the one the build trains the AOT cache with, found as
 * {@code src/build/AotTraining.java find-jdk} finds it, or {@code -Dimage.jdk}), {@code mvn package
 * -Dquarkus.container-image.push=true} (Jib, with the AOT cache trained in that build) of a copy of this project, then
 * the pushed image checked with skopeo, run with podman under the same restrictions as the Deployment, and the
 * generated Deployment itself run with {@code podman kube play}.
 * The shell helpers are in {@code src/test/container/} (see the README there). Podman's image store stays under
 * target/, its run-time state goes to a short directory of its own in /tmp: podman refuses a long runroot, and the
 * checkout may be anywhere. Everything started here is stopped and removed after the tests, passed or not.
 */
class ImagePushIT {

    static final Path WORK = Path.of("target", "image-it").toAbsolutePath();
    static final Path SCRIPTS = Path.of("src", "test", "container").toAbsolutePath();
    static final long MEMORY_LIMIT_BYTES = bytes(ApplicationConfig.value("quarkus.kubernetes.resources.limits.memory"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORDER = TestOrders.VALID;
    static final String BASE = "order-service-base:" + System.getProperty("image.java.version");

    static final Thread STOP_AT_EXIT = new Thread(ImagePushIT::stopAtExit, "image-push-stop");
    static Path podmanRun;
    static ExternalProcess registry;
    static int registryPort;
    static String image;
    static Path project;
    /** The push, from {@link #startPushing()} on; the commands it runs, to stop one that is still running. */
    private static CompletableFuture<Void> pushed;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopping;
    private static volatile Thread pushThread;

    /**
     * Starts the push on a thread of its own, once: {@link PushAtStart} calls this when the test run begins, so that
     * its minute of nested build runs beside the tests before this one, most of which spend their time waiting (on
     * Prometheus' and Alertmanager's intervals, on the service's time limits). JUnit's own parallel execution would
     * run this class beside the others too, but failsafe then reports some of one class's tests under another.
     */
    static synchronized void startPushing() {
        if (pushed == null) {
            stopping = false;
            pushed = CompletableFuture.runAsync(() -> {
                try {
                    pushTheServiceImageToALoopbackRegistry();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runnable -> {
                pushThread = new Thread(runnable, "image-push");
                pushThread.setDaemon(true);
                pushThread.start();
            });
        }
    }

    @BeforeAll
    static void awaitThePush() throws InterruptedException, TimeoutException {
        startPushing();
        try {
            pushed.get(20, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new AssertionError("the image was not pushed", e.getCause());
        }
    }

    /**
     * Stops what the push started, at the end of this class or, when the run ends before this class did (it failed
     * to start, or was left out), at the end of the run; a command still running is killed, with what it started.
     */
    static synchronized void stopPushing() {
        if (pushed == null) {
            return;
        }
        try {
            stopping = true;
            killRunning();
            try {
                pushed.get(1, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException | InterruptedException ended) {
                // Failed or killed: what it started is stopped below either way.
            }
        } finally {
            pushed = null;
            try {
                if (podmanRun != null) {
                    removeContainersAndPodmanState();
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(STOP_AT_EXIT);
                if (registry != null) {
                    registry.close();
                    registry = null;
                }
            }
        }
    }

    private static void pushTheServiceImageToALoopbackRegistry() throws IOException {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        podmanRun = Path.of(run("mktemp", Duration.ofSeconds(10), Map.of(), "mktemp", "-d", "/tmp/podman.XXXXXX")
                .strip());
        Runtime.getRuntime().addShutdownHook(STOP_AT_EXIT);

        registryPort = ExternalProcess.freePort();
        registry = ExternalProcess.start("registry", WORK.resolve("docker-registry.log"), new ProcessBuilder(
                        SCRIPTS.resolve("registry.sh").toString(), "run", WORK.resolve("registry").toString(),
                        String.valueOf(registryPort)))
                .awaitHttp200(Duration.ofSeconds(60), URI.create("http://127.0.0.1:" + registryPort + "/v2/"));
        String jdk = run("find-jdk", Duration.ofMinutes(2), Map.of(), java(), "src/build/AotTraining.java", "find-jdk",
                System.getProperty("image.java.version"), System.getProperty("image.jdk", "")).strip();
        script(Map.of("JDK_HOME", jdk), "build-base-image.sh", WORK.resolve("base-oci").toString());
        script("registry.sh", "push-base", WORK.resolve("base-oci").toString(), String.valueOf(registryPort), BASE);

        // A copy, so the nested build neither races this build's target/ nor changes its manifests.
        project = WORK.resolve("project");
        Path pom = ProjectCopy.into(project);
        String registry = "127.0.0.1:" + registryPort;
        run("mvn-push", Duration.ofMinutes(15), Map.of(), ProjectCopy.maven(), "-B", "-o", "-f",
                pom.toString(), "package", "-Dmaven.test.skip=true",
                "-Dquarkus.container-image.push=true",
                "-Dquarkus.container-image.registry=" + registry,
                "-Dquarkus.container-image.insecure=true",
                "-Dquarkus.container-image.group=it",
                "-Dquarkus.jib.base-jvm-image=" + registry + "/" + BASE, "-Dimage.jdk=" + jdk,
                // A cache the JVM takes is what this test proves (-XX:AOTMode=on below), not how well it is trained:
                // ten rounds of requests make one, some 20 s sooner than the shipped training.
                "-Daot.training.rounds=10");
        image = registry + "/it/order-service:" + System.getProperty("project.version");
    }

    @AfterAll
    static void stopEverythingStarted() {
        stopPushing();
    }

    /**
     * At JVM exit (an interrupted build): the commands still running and podman's containers are not stopped with
     * this JVM.
     */
    private static void stopAtExit() {
        stopping = true;
        killRunning();
        removeContainersAndPodmanState();
    }

    private static void killRunning() {
        synchronized (RUNNING) {
            RUNNING.forEach(ImagePushIT::kill);
        }
    }

    /** With what it started: the nested build's JVMs, a script's podman. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void removeContainersAndPodmanState() {
        try {
            try {
                script("run-image.sh", "stop");
            } finally {
                script("kube-play.sh", "down");
            }
        } finally {
            try {
                // podman's vfs store holds a full copy of every layer: ~0.5 GB that no later run reuses.
                deleteRecursively(WORK.resolve("podman"));
            } finally {
                deleteRecursively(podmanRun);
            }
        }
    }

    @Test
    void theRegistryHoldsTheImageTheGeneratedDeploymentRunsBuiltOnTheBaseImage() throws IOException {
        JsonNode manifest = skopeoInspect("--raw", "docker://" + image);
        assertEquals(2, manifest.path("schemaVersion").asInt());
        assertTrue(Set.of("application/vnd.docker.distribution.manifest.v2+json",
                "application/vnd.oci.image.manifest.v1+json").contains(manifest.path("mediaType").asText()),
                manifest.path("mediaType").asText());

        JsonNode base = skopeoInspect("--raw", "docker://127.0.0.1:" + registryPort + "/" + BASE);
        JsonNode layers = manifest.path("layers");
        assertTrue(layers.size() > base.path("layers").size(), "application layers on top of the base");
        assertEquals(base.path("layers").get(0).path("digest"), layers.get(0).path("digest"), "built FROM the base");

        JsonNode container = Manifests.read(project.resolve("target/kubernetes/kubernetes.yml"))
                .one("Deployment", "order-service").path("spec").path("template").path("spec").path("containers")
                .get(0);
        assertEquals(image, container.path("image").asText(), "the Deployment runs the pushed image");
    }

    @Test
    void theImageRunsJavaAsANonRootUserWithTheConfiguredJvmFlagsAndExposes8080() throws IOException {
        JsonNode config = skopeoInspect("--config", "docker://" + image).path("config");
        assertEquals("185", config.path("User").asText(), "non-root user");
        assertTrue(config.path("ExposedPorts").has("8080/tcp"), config.path("ExposedPorts").toString());

        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertEquals("java", entrypoint.get(0), entrypoint.toString());
        assertEquals(List.of("-jar", "quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        for (String flag : jvmFlags()) {
            assertTrue(entrypoint.contains(flag), flag + " missing from " + entrypoint);
        }
    }

    /**
     * {@code -XX:AOTMode=on} (through {@code JDK_JAVA_OPTIONS}, which the launcher adds to the entrypoint's flags) makes
     * the JVM refuse to start unless it can use the AOT cache: so the image carries a cache its JVM takes.
     */
    @Test
    void thePushedImageStartsWithItsAotCacheAndServesOrdersAndMetricsReadOnlyWithoutCapabilities() throws IOException {
        int port = ExternalProcess.freePort();
        try {
            // The container-level restrictions of the Deployment, as podman flags.
            script(Map.of("PODMAN_RUN_ARGS", "--read-only --tmpfs /tmp --cap-drop=ALL"
                    + " --security-opt=no-new-privileges --user 185 --memory " + MEMORY_LIMIT_BYTES
                    + " -e JDK_JAVA_OPTIONS=-XX:AOTMode=on"),
                    "run-image.sh", image, String.valueOf(port));
            awaitReady("run-image.sh", port);
            assertServesOrdersAndMetrics("http://127.0.0.1:" + port);
        } finally {
            script("run-image.sh", "stop");
        }
    }

    /**
     * A JVM that cannot use the image's AOT cache (another JDK build, a damaged file: here a file that is no cache at
     * all, mounted over it) starts without it, serves, and says so once at the start of its log.
     */
    @Test
    void anImageWhoseJvmCannotUseTheAotCacheStillServesAndSaysSoOnce() throws IOException {
        String workingDirectory = skopeoInspect("--config", "docker://" + image).path("config").path("WorkingDir")
                .asText();
        String cache = jvmFlags().stream().filter(flag -> flag.startsWith("-XX:AOTCache="))
                .map(flag -> flag.substring("-XX:AOTCache=".length())).findFirst()
                .orElseThrow(() -> new AssertionError("the image's launch names no AOT cache: " + jvmFlags()));
        Path notACache = WORK.resolve("not-a-cache.aot");
        Files.writeString(notACache, "not an AOT cache");
        int port = ExternalProcess.freePort();
        try {
            script(Map.of("PODMAN_RUN_ARGS", "--read-only --tmpfs /tmp --user 185 --memory " + MEMORY_LIMIT_BYTES
                    + " -v " + notACache + ":" + workingDirectory + "/" + cache + ":ro"), "run-image.sh", image,
                    String.valueOf(port));
            awaitReady("run-image.sh", port);
            assertServesOrdersAndMetrics("http://127.0.0.1:" + port);
            List<String> said = logs("run-image.sh").lines()
                    .filter(line -> line.contains("An error has occurred while processing the AOT cache")).toList();
            assertEquals(1, said.size(), "said once: " + said);
        } finally {
            script("run-image.sh", "stop");
        }
    }

    @Test
    void kubePlayRunsTheGeneratedDeploymentWithItsSecurityContextAndLimits() throws IOException {
        int port = ExternalProcess.freePort();
        try {
            script("kube-play.sh", project.resolve("target/kubernetes/kubernetes.yml").toString(),
                    String.valueOf(port));
            awaitReady("kube-play.sh", port);
            assertServesOrdersAndMetrics("http://127.0.0.1:" + port);

            JsonNode container = JSON.readTree(script("kube-play.sh", "inspect")).get(0);
            JsonNode host = container.path("HostConfig");
            assertEquals("185", container.path("Config").path("User").asText());
            assertTrue(host.path("ReadonlyRootfs").asBoolean(), "read-only root file system");
            assertEquals(0, host.path("CapAdd").size(), host.path("CapAdd").toString());
            assertTrue(host.path("CapDrop").toString().contains("CAP_NET_RAW"), "default capabilities dropped: "
                    + host.path("CapDrop"));
            assertTrue(host.path("SecurityOpt").toString().contains("no-new-privileges"), host.toString());
            assertEquals(MEMORY_LIMIT_BYTES, host.path("Memory").asLong(), "the Deployment's memory limit");
            assertTrue(container.path("Mounts").toString().contains("\"Destination\":\"/tmp\""),
                    "a writable /tmp: " + container.path("Mounts"));
        } finally {
            script("kube-play.sh", "down");
        }
    }

    /**
     * POST an order, read it back, and see it counted; the heap follows the container's memory limit. Only pools with a
     * maximum count: a pool without one reports -1, as every pool of the native executable does, whose heap share is
     * its own flag (quarkus.jib.native-arguments).
     */
    private static void assertServesOrdersAndMetrics(String baseUri) {
        String location = given().baseUri(baseUri).contentType("application/json").body(ORDER)
                .post("/api/orders").then().statusCode(201).extract().header("Location");
        given().baseUri(baseUri).get(location).then().statusCode(200);

        Scrape scrape = new Scrape(given().baseUri(baseUri).accept("text/plain").get("/metrics")
                .then().statusCode(200).extract().asString());
        assertEquals(1.0, scrape.value("app_requests_total", "endpoint", "/api/orders", "method", "POST",
                "status", "201"));
        double heap = scrape.samples().stream()
                .filter(s -> s.name().equals("jvm_memory_max_bytes") && "heap".equals(s.labels().get("area")))
                .mapToDouble(Scrape.Sample::value).filter(max -> max > 0).sum();
        double share = heap / MEMORY_LIMIT_BYTES;
        assertTrue(share > 0.5 && share <= 0.75, "heap " + heap + " bytes is " + share + " of the memory limit");
    }

    /** The image's launch arguments (the log manager, the AOT cache) and its JVM flags, as Jib bakes them in. */
    private static List<String> jvmFlags() {
        return Stream.of("quarkus.jib.jvm-arguments", "quarkus.jib.jvm-additional-arguments").map(ApplicationConfig::value)
                .flatMap(value -> Stream.of(value.split(","))).toList();
    }

    private static JsonNode skopeoInspect(String... args) throws IOException {
        String[] command = Stream.concat(Stream.of("skopeo", "inspect", "--tls-verify=false"), Stream.of(args))
                .toArray(String[]::new);
        return JSON.readTree(run("skopeo", Duration.ofMinutes(2), Map.of(), command));
    }

    /**
     * Waits until the container that {@code script} started is ready; fails at once, with its logs, if it stops.
     * Readiness, not an open port: conmon holds a published port open from the start.
     */
    private static void awaitReady(String script, int port) {
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        ExternalProcess.await(script + " container ready on port " + port, Duration.ofMinutes(3),
                () -> ExternalProcess.httpStatus(ready) == 200, () -> !running(script), () -> logs(script));
    }

    private static boolean running(String script) {
        try {
            return "running".equals(JSON.readTree(script(script, "inspect")).get(0).path("State").path("Status")
                    .asText());
        } catch (IOException | AssertionError gone) {
            return false;
        }
    }

    private static String logs(String script) {
        try {
            return script(script, "logs");
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    private static String script(String name, String... args) {
        return script(Map.of(), name, args);
    }

    private static String script(Map<String, String> env, String name, String... args) {
        String[] command = Stream.concat(Stream.of(SCRIPTS.resolve(name).toString()), Stream.of(args))
                .toArray(String[]::new);
        return run(name.replace(".sh", ""), Duration.ofMinutes(10), env, command);
    }

    /** Runs a command; its stderr goes to target/image-it/NAME.log, its stdout is returned. Fails loudly. */
    private static String run(String name, Duration timeout, Map<String, String> env, String... command) {
        try {
            Files.createDirectories(WORK);
            Path log = WORK.resolve(name + ".log");
            Path out = WORK.resolve(name + ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("PODMAN_ROOT", WORK.resolve("podman").toString());
            if (podmanRun != null) {
                builder.environment().put("PODMAN_RUN", podmanRun.toString());
            }
            builder.environment().putAll(env);
            Process process;
            synchronized (RUNNING) {
                // Once stopping, the push starts nothing more; the clean-up does.
                if (stopping && Thread.currentThread() == pushThread) {
                    throw new AssertionError("stopped before " + String.join(" ", command));
                }
                process = builder.start();
                RUNNING.add(process);
            }
            try {
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    kill(process);
                    throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout);
                }
            } finally {
                RUNNING.remove(process);
            }
            if (process.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue()
                        + "; last lines of " + log + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The java running this test, to run a single-file program from source. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A Kubernetes memory quantity in Mi or Gi, the units this project uses. */
    private static long bytes(String quantity) {
        if (quantity.matches("\\d+Mi")) {
            return Long.parseLong(quantity.replace("Mi", "")) << 20;
        }
        if (quantity.matches("\\d+Gi")) {
            return Long.parseLong(quantity.replace("Gi", "")) << 30;
        }
        throw new AssertionError("Unexpected memory quantity " + quantity);
    }

    private static void deleteRecursively(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

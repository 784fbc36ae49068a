import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Trains the JVM's AOT cache (JEP 483/514/515: classes loaded and linked ahead of time, with method profiles) that the
 * image's entrypoint uses, by running the packaged service with the image's JDK and JVM flags and sending it the
 * requests it serves: orders placed, replayed and read back, every kind of refused request, scrapes and probes. The
 * {@code aot} profile of pom.xml runs it from source between two package steps. Quarkus' own AOT support records only
 * the start-up and needs Maven itself on the image's JDK; and Quarkus makes the image within its package step, right
 * after the application, so the cache cannot come from that same step. It is trained on the first step's
 * application, and since Quarkus' build is not reproducible (its generated classes are numbered in the order of
 * parallel build steps), the image gets those very files with the cache, in Jib's extra files layer over the second
 * step's own. Commands:
 * <ul>
 * <li>{@code find-jdk FEATURE [JDK]}: prints the home of the JDK that trains the cache and that the image must run:
 * JDK if given, else {@code JAVA_HOME}, else the running JVM, else the newest JDK in {@code /usr/lib/jvm} (where Debian
 * and Red Hat install JDKs), the first whose Java feature version is FEATURE.</li>
 * <li>{@code train QUARKUS_APP PROPERTIES WORK JIB_ROOT FEATURE [JDK] [ROUNDS]}: copies QUARKUS_APP to WORK with every
 * modification time set to the epoch, as Jib writes the image's files (the JVM refuses a cache whose class path files
 * changed), trains there (WORK/app.aot), and writes that copy and the cache below JIB_ROOT (Jib's extra files, which
 * keep their modification times), in Jib's working directory, the cache under the name the image's launch arguments
 * give it ({@code -XX:AOTCache=}). PROPERTIES is application.properties: the JVM arguments and flags, the working
 * directory and the container's memory limit come from it.</li>
 * <li>{@code check TRAINED QUARKUS_APP}: fails unless both folders hold files of the same names, so that in the image
 * the trained files replace every file of QUARKUS_APP.</li>
 * </ul>
 */
public final class AotTraining {

    static final String LAUNCH = "quarkus.jib.jvm-arguments";
    static final String FLAGS = "quarkus.jib.jvm-additional-arguments";
    static final String MEMORY_LIMIT = "quarkus.kubernetes.resources.limits.memory";
    static final String WORKING_DIRECTORY = "quarkus.jib.working-directory";
    /** Quarkus' default of {@link #WORKING_DIRECTORY}. */
    static final String JIB_WORKING_DIRECTORY = "/home/jboss";
    static final String CACHE_FLAG = "-XX:AOTCache=";
    static final String ORDER = "{\"customerId\": \"c-1\", \"items\": [{\"sku\": \"sku-1\", \"quantity\": 2}]}";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "find-jdk" -> System.out.println(findJdk(Integer.parseInt(args[1]), arg(args, 2)));
            case "train" -> train(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]),
                    findJdk(Integer.parseInt(args[5]), arg(args, 6)),
                    arg(args, 7).map(Integer::parseInt).orElse(1500));
            case "check" -> check(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("usage: find-jdk | train | check (see the class comment)");
        }
    }

    private static Optional<String> arg(String[] args, int index) {
        return args.length > index && !args[index].isBlank() && !args[index].startsWith("${")
                ? Optional.of(args[index]) : Optional.empty();
    }

    static Path findJdk(int feature, Optional<String> given) throws IOException {
        if (given.isPresent()) {
            Path jdk = Path.of(given.get());
            if (featureOf(jdk) != feature) {
                throw new IllegalStateException(jdk + " is not a JDK " + feature + " (its release file says "
                        + featureOf(jdk) + ")");
            }
            return jdk;
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(candidates::add);
            }
        }
        for (Path candidate : candidates) {
            if (featureOf(candidate) == feature) {
                return candidate.toRealPath();
            }
        }
        throw new IllegalStateException("No JDK " + feature + " found (looked at " + candidates + "): the image runs "
                + "JDK " + feature + " and its AOT cache is trained with it; give its home with -Dimage.jdk=PATH");
    }

    /** The Java feature version a JDK's release file states, or 0. */
    private static int featureOf(Path jdk) throws IOException {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(jdk.resolve("bin").resolve("java"))) {
            return 0;
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            properties.load(in);
        }
        String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        return Integer.parseInt(version.split("[.+-]")[0]);
    }

    static void train(Path app, Path propertiesFile, Path work, Path jibRoot, Path jdk, int rounds) throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(propertiesFile)) {
            properties.load(in);
        }
        List<String> flags = Stream.of(LAUNCH, FLAGS).map(properties::getProperty)
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::strip).toList();
        String cacheName = flags.stream().filter(flag -> flag.startsWith(CACHE_FLAG))
                .map(flag -> flag.substring(CACHE_FLAG.length())).findFirst()
                .orElseThrow(() -> new IllegalStateException(LAUNCH + " names no " + CACHE_FLAG));
        Path cache = jibRoot.resolve(properties.getProperty(WORKING_DIRECTORY, JIB_WORKING_DIRECTORY).substring(1))
                .resolve(cacheName);
        deleteRecursively(work);
        Path copy = work.resolve("quarkus-app");
        copy(app, copy);
        Path trainedCache = work.resolve("app.aot");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(jdk.resolve("bin").resolve("java").toString(),
                // In the pod the JVM sizes itself from the container's memory limit; here it would see the machine.
                // Mi and Gi, the units this project uses, are the JVM's m and g; another unit fails the JVM loudly.
                "-XX:MaxRAM=" + properties.getProperty(MEMORY_LIMIT).replace("Mi", "m").replace("Gi", "g")));
        flags.stream().filter(flag -> !flag.startsWith(CACHE_FLAG)).forEach(command::add);
        command.addAll(List.of("-XX:AOTCacheOutput=" + trainedCache, "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.shutdown.delay-enabled=false", "-jar", "quarkus-run.jar"));
        Path log = work.resolve("training.log");
        System.out.println("AOT training with " + jdk + " (log: " + log + "): " + String.join(" ", command));
        Process service = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitReady(service, base, log);
            long started = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                exercise(base, round);
            }
            System.out.printf("AOT training: %d rounds of requests in %.1f s%n", rounds,
                    (System.nanoTime() - started) / 1e9);
            // The JVM writes the cache as it exits (a SIGTERM is a normal exit).
            service.destroy();
            if (!service.waitFor(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the trained service did not exit; log: " + log);
            }
        } finally {
            service.destroyForcibly();
        }
        if (!Files.isRegularFile(trainedCache)) {
            throw new IllegalStateException("the JVM wrote no AOT cache; see " + log + ":\n" + tail(log));
        }
        // The image gets the very files the cache describes, with the cache: see the class comment.
        deleteRecursively(jibRoot);
        copy(copy, cache.getParent());
        Files.copy(trainedCache, cache, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("AOT cache %s: %.1f MiB, trained with %s%n", cache, Files.size(cache) / 1048576.0, jdk);
    }

    /** One round of what the service serves: every request path that runs in production, successes and refusals. */
    private static void exercise(URI base, int round) throws IOException, InterruptedException {
        URI orders = base.resolve("/api/orders");
        String location = expect(201, post(orders, "application/json", ORDER, Map.of()))
                .headers().firstValue("Location").orElseThrow();
        expect(200, send(HttpRequest.newBuilder(base.resolve(location)).GET()));
        Map<String, String> key = Map.of("Idempotency-Key", "training-" + (round % 50));
        expect(201, post(orders, "application/json", ORDER, key));
        refused(send(HttpRequest.newBuilder(base.resolve("/api/orders/no-such-order")).GET()));
        refused(post(orders, "application/json", "{\"customerId\": ", Map.of()));
        refused(post(orders, "application/json", "{\"customerId\": \"\", \"items\": []}", Map.of()));
        refused(post(orders, "application/json", "{\"customerId\": \"c\", \"items\": [], \"x\": 1}", Map.of()));
        refused(post(orders, "text/plain", ORDER, Map.of()));
        refused(send(HttpRequest.newBuilder(orders).DELETE()));
        refused(send(HttpRequest.newBuilder(base.resolve("/api/nothing-here")).GET()));
        if (round % 10 == 0) {
            expect(200, send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0").GET()));
            expect(200, send(HttpRequest.newBuilder(base.resolve("/metrics")).GET()));
            expect(200, send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).GET()));
            expect(200, send(HttpRequest.newBuilder(base.resolve("/q/health/live")).GET()));
        }
    }

    private static java.net.http.HttpResponse<String> post(URI uri, String type, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", type)
                .POST(BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private static java.net.http.HttpResponse<String> send(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
    }

    /** A request that does not get its status did not take the path it was meant to train: the build fails. */
    private static java.net.http.HttpResponse<String> expect(int status, java.net.http.HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
        return response;
    }

    /** The refusals train the error path; which 4xx each one gets is the tests' business, not the training's. */
    private static void refused(java.net.http.HttpResponse<String> response) {
        if (response.statusCode() < 400 || response.statusCode() >= 500) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ", expected a refusal (4xx): " + response.body());
        }
    }

    private static void awaitReady(Process service, URI base, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited during start-up:\n" + tail(log));
            }
            try {
                if (send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service was not ready within 3 minutes:\n" + tail(log));
    }

    static void check(Path trained, Path app) throws IOException {
        Set<String> expected = files(trained);
        Set<String> actual = files(app);
        if (!expected.equals(actual)) {
            Set<String> differ = new TreeSet<>(expected);
            differ.addAll(actual);
            differ.removeIf(file -> expected.contains(file) && actual.contains(file));
            throw new IllegalStateException("The packaged application has other files than the one the AOT cache was "
                    + "trained with (" + differ + "): in the image, the trained files would not replace all of them");
        }
        System.out.println("AOT cache: the image's trained files replace all " + actual.size() + " of " + app);
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(file -> dir.relativize(file).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Copies a tree, every file with the modification time Jib gives the image's files. */
    private static void copy(Path from, Path to) throws IOException {
        FileTime epoch = FileTime.from(Instant.EPOCH);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target);
                Files.setLastModifiedTime(target, epoch);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

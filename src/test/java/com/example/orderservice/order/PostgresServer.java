package com.example.orderservice.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, from the Debian package {@code postgresql}: a fresh cluster in a temporary
 * directory, listening on 127.0.0.1 on a free port, with an {@value #DATABASE} database owned by {@value #USER}.
 * Fails loudly when PostgreSQL is not installed ({@code ./run-tests} installs it). As root it runs as the
 * {@code postgres} system user, because initdb and postgres refuse to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "orders";
    public static final String USER = "orders";
    public static final String PASSWORD = "orders-test-password";
    private static final String SYSTEM_USER = "postgres";

    private final Path binaries;
    private final Path directory;
    private final Path data;
    private final int port;
    private final Thread cleanup = new Thread(this::stopQuietly, "postgres-cleanup");
    private boolean running;

    private PostgresServer(Path binaries, Path directory, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
    }

    /** Creates the cluster and starts it; stops it at JVM exit too, should the test never get to {@link #close}. */
    public static PostgresServer start() {
        try {
            Path directory = Files.createTempDirectory("order-service-postgres");
            PostgresServer server = new PostgresServer(binaries(), directory, freePort());
            Runtime.getRuntime().addShutdownHook(server.cleanup);
            server.initialize();
            server.startServer();
            server.createDatabase();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The URL for {@code quarkus.datasource.reactive.url} (the JDBC one is {@code jdbc:} + this). */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** What a replica needs to use this database, as Quarkus configuration. */
    public Map<String, String> datasourceConfig() {
        return Map.of(
                "quarkus.datasource.active", "true",
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:" + reactiveUrl(), USER, PASSWORD);
    }

    /** Stops the server (fast shutdown: open connections are cut, as in a crash of the database host). */
    public synchronized void stopServer() {
        if (running) {
            run(pg("pg_ctl"), "stop", "-D", data.toString(), "-m", "fast", "-w");
            running = false;
        }
    }

    /** Starts it again on the same port, with the same data. */
    public synchronized void startServer() {
        if (!running) {
            run(pg("pg_ctl"), "start", "-D", data.toString(), "-w", "-t", "60", "-l", directory.resolve("log").toString(),
                    "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + directory);
            running = true;
        }
    }

    @Override
    public void close() {
        stopQuietly();
        Runtime.getRuntime().removeShutdownHook(cleanup);
    }

    private void stopQuietly() {
        try {
            stopServer();
        } finally {
            deleteRecursively(directory);
        }
    }

    private void initialize() throws IOException {
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, PASSWORD);
        if (isRoot()) {
            UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(SYSTEM_USER);
            Files.setOwner(directory, postgres);
            Files.setOwner(passwordFile, postgres);
        }
        run(pg("initdb"), "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                "-E", "UTF8", "--no-sync");
    }

    private void createDatabase() {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD)) {
            connection.createStatement().execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database", e);
        }
    }

    private String pg(String program) {
        return binaries.resolve(program).toString();
    }

    private void run(String... command) {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed:\n" + output + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            Path log = directory.resolve("log");
            return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Debian keeps the server programs in /usr/lib/postgresql/VERSION/bin, off the PATH: the newest one there. */
    private static Path binaries() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir).toRealPath();
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(bin -> versionOf(bin.getParent())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no initdb/pg_ctl on the PATH or in "
                + debian + "/*/bin): install the Debian package postgresql, or run ./run-tests, which does");
    }

    private static int versionOf(Path directory) {
        try {
            return Integer.parseInt(directory.getFileName().toString().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

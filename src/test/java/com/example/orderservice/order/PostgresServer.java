package com.example.orderservice.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.example.orderservice.ExternalProcess;

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
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path directory;
    private final Path data;
    private final int port;
    private ExternalProcess server;

    private PostgresServer(Path binaries, Path directory, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
    }

    /** Creates the cluster and starts it; a failed start stops what it started and removes the cluster. */
    public static PostgresServer start() {
        PostgresServer server;
        try {
            server = new PostgresServer(binaries(), Files.createTempDirectory("order-service-postgres"),
                    ExternalProcess.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.initialize();
            server.startServer();
            server.createDatabase();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
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

    /**
     * Stops the server with a fast shutdown (SIGINT): open connections are cut, as in a crash of the database host.
     * Smart shutdown (SIGTERM) would wait for the service's pooled connections to close, which they never do.
     */
    public synchronized void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts it (again: on the same port, with the same data) and waits until it accepts connections. */
    public synchronized void startServer() {
        if (server == null) {
            ProcessBuilder postgres = new ProcessBuilder(asSystemUser(pg("postgres"), "-D", data.toString(),
                    "-c", "listen_addresses=127.0.0.1", "-p", Integer.toString(port),
                    "-k", directory.toString()));
            server = ExternalProcess.start("postgres", directory.resolve("log"), postgres, "INT")
                    .awaitReady(START_TIMEOUT, this::acceptsConnections);
        }
    }

    @Override
    public void close() {
        try {
            stopServer();
        } finally {
            deleteRecursively(directory);
        }
    }

    private boolean acceptsConnections() {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD)) {
            return connection.isValid(5);
        } catch (SQLException starting) {
            return false;
        }
    }

    private void initialize() {
        try {
            Path passwordFile = directory.resolve("password");
            Files.writeString(passwordFile, PASSWORD);
            if (isRoot()) {
                UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(SYSTEM_USER);
                Files.setOwner(directory, postgres);
                Files.setOwner(passwordFile, postgres);
            }
            String[] initdb = asSystemUser(pg("initdb"), "-D", data.toString(), "-U", USER,
                    "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-sync");
            ExternalProcess.Result result = ExternalProcess.run(directory, initdb);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", initdb) + " failed:\n" + result.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * As root, the command under the {@code postgres} user through setpriv, which execs it: the process the test
     * starts, signals and waits for is PostgreSQL itself (runuser would stay in between as its parent).
     */
    private static String[] asSystemUser(String... command) {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("setpriv", "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups", "--"));
        }
        line.addAll(List.of(command));
        return line.toArray(String[]::new);
    }

    /** Debian keeps the server programs in /usr/lib/postgresql/VERSION/bin, off the PATH: the newest one there. */
    private static Path binaries() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))
                    && Files.isExecutable(Path.of(dir, "postgres"))) {
                return Path.of(dir).toRealPath();
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                        .max(Comparator.comparingInt(bin -> versionOf(bin.getParent())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no initdb/postgres on the PATH or in "
                + debian + "/*/bin): install the Debian package postgresql, or run ./run-tests, which does");
    }

    private static int versionOf(Path directory) {
        try {
            return Integer.parseInt(directory.getFileName().toString().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return -1;
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

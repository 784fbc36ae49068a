package com.example.orderservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A program the tests run beside the service (PostgreSQL, Prometheus, the registry, a replica of the packaged
 * service): a free loopback port for it, start with its output in a log file, wait (bounded) until it is ready, its
 * log in the failure when it is not, and stop on every path: {@link #close()}, a failed start, or the JVM's exit
 * should a test never get to close it. Also runs a command to completion, and waits for what it cannot own (a
 * podman container) the same way.
 */
public final class ExternalProcess implements AutoCloseable {

    /** The exit code of a command run to completion, with its stdout and stderr together. */
    public record Result(int exitCode, String output) {
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = RawHttp.client();

    private final String name;
    private final Process process;
    private final Path log;
    private final String stopSignal;
    private final Thread stopAtExit;

    private ExternalProcess(String name, Process process, Path log, String stopSignal) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stopSignal = stopSignal;
        this.stopAtExit = new Thread(this::stop, name + "-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** A port nothing listens on right now, for a program to bind on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command}; its stdout and stderr are appended to {@code log}; it is stopped with SIGTERM. */
    public static ExternalProcess start(String name, Path log, ProcessBuilder command) {
        return start(name, log, command, "TERM");
    }

    /** As {@link #start(String, Path, ProcessBuilder)}, stopped with this signal (e.g. INT, PostgreSQL's fast stop). */
    public static ExternalProcess start(String name, Path log, ProcessBuilder command, String stopSignal) {
        command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ExternalProcess(name, launch(command), log, stopSignal);
    }

    /**
     * Runs a command to completion (bounded) and returns its exit code and output, whatever the exit code. A program
     * that is not installed fails the test with what to do: these tests never skip.
     */
    public static Result run(Path workingDirectory, Duration timeout, String... command) {
        Path output = null;
        Process process = null;
        try {
            // A file, not a pipe: a program that hangs with its output unread still times out.
            output = Files.createTempFile("order-service-command", ".log");
            process = launch(new ProcessBuilder(List.of(command)).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    public static Result run(Path workingDirectory, String... command) {
        return run(workingDirectory, Duration.ofMinutes(2), command);
    }

    /**
     * Waits until {@code ready} answers true, polling every 200 ms for at most {@code timeout}; fails at once when
     * {@code gone} answers true, and shows {@code logs} whenever it fails.
     */
    public static void await(String what, Duration timeout, Callable<Boolean> ready, Callable<Boolean> gone,
            Supplier<String> logs) {
        try {
            Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .failFast(what + ": gone", gone).until(ready);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; log:\n" + logs.get(), e);
        }
    }

    /** The status of {@code GET uri}, or -1 while nothing answers. */
    public static int httpStatus(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until {@code ready}; stops the process and fails with its log if it exits or is not ready in time. */
    public ExternalProcess awaitReady(Duration timeout, Callable<Boolean> ready) {
        try {
            await(name + " ready", timeout, ready, () -> !process.isAlive(), this::logText);
            return this;
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    /** Waits until {@code GET uri} answers 200. */
    public ExternalProcess awaitHttp200(Duration timeout, URI uri) {
        return awaitReady(timeout, () -> httpStatus(uri) == 200);
    }

    /** Sends the stop signal without waiting: for a test that watches the shutdown as it happens. */
    public void signalStop() {
        if (!process.isAlive()) {
            return;
        }
        if (stopSignal.equals("TERM")) {
            process.destroy();
        } else {
            try {
                new ProcessBuilder("kill", "-s", stopSignal, Long.toString(process.pid())).start()
                        .waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends the stop signal and waits for the exit; SIGKILL (and its children too) if it takes over a minute. */
    public void stop() {
        try {
            signalStop();
            if (!exitsWithin(STOP_TIMEOUT)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILL, as the OOM killer or a lost node ends a process: no shutdown hook, no draining, connections cut.
     * Waits (bounded) until it is gone.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) for the process to end; whether it did. */
    public boolean exitsWithin(Duration bound) throws InterruptedException {
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // Called from another shutdown hook: this one runs anyway, and finds the process stopped.
        }
    }

    private static Process launch(ProcessBuilder command) {
        try {
            return command.start();
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + command.command().get(0) + ": install the Debian package that "
                    + "provides it (./run-tests installs every one the tests need), or put it on the PATH", e);
        }
    }
}

package com.example.orderservice.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the real Prometheus tools (Debian package {@code prometheus}, which {@code ./run-tests} installs). A
 * missing tool fails the test with what to install: these tests never skip.
 */
final class Tool {

    record Result(int exitCode, String output) {
    }

    private Tool() {
    }

    static ProcessBuilder command(Path workingDirectory, String... command) {
        return new ProcessBuilder(List.of(command)).directory(workingDirectory.toFile()).redirectErrorStream(true);
    }

    static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + builder.command().get(0) + ": install the Debian package "
                    + "'prometheus' (./run-tests does), or put the tool on the PATH", e);
        }
    }

    /** Runs to completion (at most two minutes) and returns the exit code with stdout and stderr together. */
    static Result run(Path workingDirectory, String... command) {
        Process process = start(command(workingDirectory, command));
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
    }
}

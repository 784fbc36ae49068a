package com.example.orderservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of this project's build (the POM and the main and build sources) for a nested Maven run with other
 * properties: the nested build neither races this build's target/ nor changes what the other tests read.
 */
public final class ProjectCopy {

    private ProjectCopy() {
    }

    /** Copies the project into {@code directory} (which must not hold a copy yet) and returns its POM. */
    public static Path into(Path directory) {
        copyRecursively(Path.of("pom.xml"), directory.resolve("pom.xml"));
        copyRecursively(Path.of("src", "main"), directory.resolve("src").resolve("main"));
        copyRecursively(Path.of("src", "build"), directory.resolve("src").resolve("build"));
        return directory.resolve("pom.xml");
    }

    /** The {@code mvn} of the Maven running the tests (./mvnw passes its home to surefire and failsafe). */
    public static String maven() {
        String home = System.getProperty("maven.home");
        if (home == null || !Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            throw new AssertionError("maven.home is not set to a Maven installation (run through ./mvnw)");
        }
        return Path.of(home, "bin", "mvn").toString();
    }

    private static void copyRecursively(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

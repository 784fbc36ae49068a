package com.example.orderservice.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import com.example.orderservice.ExternalProcess;

/** {@code app_build_info}: one series, value 1, naming the build that serves. */
@QuarkusTest
public class BuildInfoTest {

    @Test
    void oneSeriesNamesTheBuild() {
        List<Scrape.Sample> series = Scrape.now().samples().stream()
                .filter(sample -> sample.name().equals("app_build_info")).toList();

        assertEquals(1, series.size(), "app_build_info series: " + series);
        assertEquals(1.0, series.get(0).value());
        Map<String, String> labels = series.get(0).labels();
        assertEquals(Map.of(
                "version", System.getProperty("project.version"),
                "revision", checkedOutRevision(),
                "quarkus_version", System.getProperty("test.quarkus-version"),
                "java_version", labels.get("java_version")), labels);
        assertTrue(labels.get("java_version").matches("\\d+(\\.\\d+)*.*"), labels.get("java_version"));
    }

    /** What the build read: the commit checked out, or "unknown" outside a git checkout. */
    private static String checkedOutRevision() {
        ExternalProcess.Result head = ExternalProcess.run(Path.of("").toAbsolutePath(), "git", "rev-parse", "HEAD");
        if (head.exitCode() != 0) {
            return "unknown";
        }
        String revision = head.output().strip();
        assertTrue(revision.matches("[0-9a-f]{40}"), revision);
        return revision;
    }
}

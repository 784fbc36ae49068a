package com.example.orderservice.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.orderservice.ExternalProcess;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The real promtool lints the packaged service's {@code /metrics} (the families differ between the JAR and the native
 * executable): no finding for any family but the one docs/metrics.md keeps on purpose.
 */
@QuarkusIntegrationTest
class ExpositionLintIT {

    /** Micrometer's name for the CPUs the JVM sees, which its JVM dashboards read (docs/metrics.md, "Lint"). */
    static final String KEPT = "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix";

    @TempDir
    Path dir;

    @Test
    void promtoolFindsNoProblemInTheExposition() throws IOException {
        given().contentType("application/json").body("{\"customerId\": \"c-1\", \"items\": [{\"sku\": \"s\", \"quantity\": 1}]}")
                .post("/api/orders").then().statusCode(201);
        given().get("/api/orders/no-such-order").then().statusCode(404);
        Path scrape = dir.resolve("metrics.txt");
        String exposition = given().accept("text/plain").get("/metrics").then().statusCode(200).extract().asString();
        assertTrue(exposition.contains("app_request_duration_seconds_bucket{"), "the service's own families are there");
        Files.writeString(scrape, exposition);

        // promtool reads the exposition on its standard input only.
        ExternalProcess.Result lint = ExternalProcess.run(dir, "sh", "-c", "promtool check metrics < metrics.txt");
        List<String> findings = lint.output().lines().filter(line -> !line.isBlank()).toList();
        assertEquals(List.of(), findings.stream().filter(finding -> !finding.equals(KEPT)).toList(),
                "promtool check metrics found problems");
        assertEquals(findings.isEmpty() ? 0 : 3, lint.exitCode(), "promtool's exit code for lint findings: " + findings);
    }
}

package com.example.orderservice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.orderservice.ExternalProcess;
import com.example.orderservice.ProjectCopy;
import com.example.orderservice.kubernetes.Manifests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The SLO settings are Maven properties, and the package step writes each into everything that depends on it. The two
 * parts of the build that do (the resources, where the service's copy of the latency threshold is filled in, and the
 * monitoring step of pom.xml) run here on a copy of the project given other values than the defaults the files in
 * src/main/monitoring/ are written for; the service's threshold, every query of the rules and the dashboard that
 * selects the threshold's bucket, the alerts' words and the objectives all follow.
 */
class SloSettingsIT {

    static final String THRESHOLD = "0.5";
    static final String AVAILABILITY = "0.995";
    static final String LATENCY = "0.95";
    static final Pattern BUCKET = Pattern.compile("le=\"([^\"]*)\"");
    static final Pattern PROSE = Pattern.compile("longer than ([0-9.]+)s\\b");

    @TempDir
    static Path copy;
    static String properties;
    static JsonNode rule;
    static String dashboard;

    @BeforeAll
    static void buildTheResourcesAndManifestsWithOtherSettings() throws IOException {
        Path pom = ProjectCopy.into(copy);
        // What quarkus:build would have written: the hand-written resources, placeholders and all.
        Path manifests = copy.resolve(Manifests.GENERATED);
        Files.createDirectories(manifests.getParent());
        Files.copy(Path.of("src", "main", "kubernetes", "kubernetes.yml"), manifests);

        ExternalProcess.Result build = ExternalProcess.run(copy, Duration.ofMinutes(5), ProjectCopy.maven(), "-B",
                "-o", "-q", "-f", pom.toString(), "resources:resources", "antrun:run@monitoring-manifests",
                "-Dslo.latency.threshold=" + THRESHOLD, "-Dslo.availability.objective=" + AVAILABILITY,
                "-Dslo.latency.objective=" + LATENCY);
        assertEquals(0, build.exitCode(), build.output());

        properties = Files.readString(copy.resolve("target/classes/META-INF/microprofile-config.properties"));
        Manifests built = Manifests.read(manifests);
        rule = built.one("PrometheusRule", RuleFiles.RULE_NAME);
        dashboard = built.one("ConfigMap", Dashboard.CONFIG_MAP).path("data").path(Dashboard.KEY).asText();
    }

    @Test
    void theServiceChecksTheThresholdItWasBuiltWith() {
        assertTrue(properties.lines().anyMatch(("app.metrics.latency-slo-seconds=" + THRESHOLD)::equals), properties);
    }

    @Test
    void everyRuleSelectsTheThresholdsBucketAndTheAlertsNameIt() {
        List<String> expressions = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        rule.path("spec").path("groups").forEach(group -> group.path("rules").forEach(r -> {
            expressions.add(r.path("expr").asText());
            descriptions.add(r.path("annotations").path("description").asText());
        }));
        assertEquals(Set.of(THRESHOLD), found(BUCKET, expressions), "le of the rules");
        assertEquals(Set.of(THRESHOLD), found(PROSE, descriptions), "the threshold the alerts' descriptions name");
        assertTrue(expressions.stream().anyMatch(e -> e.contains("(1 - " + AVAILABILITY + ")")), "availability");
        assertTrue(expressions.stream().anyMatch(e -> e.contains("(1 - " + LATENCY + ")")), "latency objective");
    }

    @Test
    void everyDashboardQuerySelectsTheThresholdsBucketAndItsPanelsNameIt() throws IOException {
        List<String> expressions = new Dashboard(new ObjectMapper().readTree(dashboard)).expressions();
        assertEquals(Set.of(THRESHOLD), found(BUCKET, expressions), "le of the dashboard's queries");
        assertEquals(Set.of(THRESHOLD), found(PROSE, List.of(dashboard)), "the threshold the panels name");
        assertFalse(dashboard.contains("(1 - 0.99)"), "the default latency objective is left in the dashboard");
    }

    /** Every value the pattern's group takes in the texts; fails when it matches nowhere. */
    private static Set<String> found(Pattern pattern, List<String> texts) {
        Set<String> values = new TreeSet<>();
        for (String text : texts) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                values.add(matcher.group(1));
            }
        }
        assertFalse(values.isEmpty(), pattern + " matches nothing");
        return values;
    }
}

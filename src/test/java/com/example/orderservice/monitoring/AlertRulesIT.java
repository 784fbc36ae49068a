package com.example.orderservice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.orderservice.ExternalProcess;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The alert and recording rules: the plain rule files checked and unit-tested by the real promtool as they are, the
 * rules of the generated PrometheusRule the same rules, and the alerts' runbook links.
 */
class AlertRulesIT {

    static final Path RUNBOOK = Path.of("docs", "runbook.md");
    static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsThePlainRuleFiles() {
        List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
        RuleFiles.PLAIN.forEach(file -> command.add(file.toString()));
        ExternalProcess.Result check = ExternalProcess.run(PROJECT, command.toArray(String[]::new));
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    void thePlainRuleFilesPassTheirPromtoolUnitTests() {
        ExternalProcess.Result test = ExternalProcess.run(PROJECT, "promtool", "test", "rules",
                RuleFiles.UNIT_TESTS.toString());
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    /** Built with the default objectives, runbook address and release label, as ./run-tests does. */
    @Test
    void thePrometheusRuleShipsExactlyTheGroupsOfThePlainRuleFiles() {
        assertEquals(byName(RuleFiles.plainGroups()), byName(RuleFiles.shippedGroups()));
    }

    @Test
    void promtoolAcceptsTheRulesOfThePrometheusRule() {
        Path rules = RuleFiles.write(dir);
        ExternalProcess.Result check = ExternalProcess.run(dir, "promtool", "check", "rules", rules.toString());
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    void everyAlertIsUnitTestedBothFiringAndSilent() {
        List<JsonNode> ruleTests = StreamSupport.stream(
                        RuleFiles.readYaml(RuleFiles.UNIT_TESTS).path("tests").spliterator(), false)
                .flatMap(test -> StreamSupport.stream(test.path("alert_rule_test").spliterator(), false))
                .toList();
        for (String alert : alertNames()) {
            List<JsonNode> mine = ruleTests.stream().filter(t -> alert.equals(t.path("alertname").asText())).toList();
            assertTrue(mine.stream().anyMatch(t -> !t.path("exp_alerts").isEmpty()), alert + " is never tested firing");
            assertTrue(mine.stream().anyMatch(t -> t.path("exp_alerts").isEmpty()), alert + " is never tested silent");
        }
    }

    @Test
    void everyAlertHasSeveritySummaryDescriptionAndARunbookSection() throws IOException {
        Set<String> anchors = runbookAnchors();
        Set<String> bases = new TreeSet<>();
        for (JsonNode alert : RuleFiles.alerts()) {
            String name = alert.path("alert").asText();
            assertTrue(Set.of("critical", "warning").contains(alert.path("labels").path("severity").asText()), name);
            JsonNode annotations = alert.path("annotations");
            assertFalse(annotations.path("summary").asText().isBlank(), name + " summary");
            assertFalse(annotations.path("description").asText().isBlank(), name + " description");

            URI runbook = URI.create(annotations.path("runbook_url").asText());
            assertTrue(Set.of("http", "https").contains(runbook.getScheme()), name + ": " + runbook);
            assertEquals(name.toLowerCase(Locale.ROOT), runbook.getFragment(), name + " links to its own section");
            assertTrue(anchors.contains(runbook.getFragment()), name + ": no section #" + runbook.getFragment()
                    + " in " + RUNBOOK + " " + anchors);
            bases.add(runbook.toString().substring(0, runbook.toString().indexOf('#')));
        }
        assertEquals(1, bases.size(), "every alert links into the same runbook: " + bases);
        assertTrue(bases.iterator().next().endsWith(RUNBOOK.toString()), bases.toString());
    }

    @Test
    void everyRunbookSectionBelongsToAnAlert() throws IOException {
        Set<String> alerts = alertNames().stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        assertEquals(alerts, runbookAnchors());
    }

    private static Map<String, JsonNode> byName(List<JsonNode> groups) {
        Map<String, JsonNode> byName = new TreeMap<>();
        groups.forEach(group -> assertNull(byName.put(group.path("name").asText(), group), "two groups " + group));
        return byName;
    }

    private static Set<String> alertNames() {
        return RuleFiles.alerts().stream().map(a -> a.path("alert").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The anchors GitHub (and GitLab, Gitea) give the "## " sections: lower case, punctuation dropped, "-" for spaces. */
    static Set<String> runbookAnchors() throws IOException {
        return Files.readAllLines(RUNBOOK).stream()
                .filter(line -> line.startsWith("## "))
                .map(line -> line.substring(3).trim().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{Alnum} _-]", "").replace(' ', '-'))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

package com.example.orderservice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The shipped alert rules, checked and unit-tested by the real promtool, and their runbook links. */
class AlertRulesIT {

    static final Path RUNBOOK = Path.of("docs", "runbook.md");

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheShippedRules() {
        Path rules = RuleFiles.write(dir);
        Tool.Result check = Tool.run(dir, "promtool", "check", "rules", rules.toString());
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    void theRulesPassTheirPromtoolUnitTests() throws IOException {
        RuleFiles.write(dir);
        Path tests = Files.copy(RuleFiles.UNIT_TESTS, dir.resolve(RuleFiles.UNIT_TESTS.getFileName()));
        Tool.Result test = Tool.run(dir, "promtool", "test", "rules", tests.getFileName().toString());
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
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

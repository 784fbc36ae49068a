package com.example.orderservice.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code src/main/monitoring/order-service-slo.rules.yml}: the error ratio and the slow ratio over each window the
 * burn-rate alerts compare, fourteen rules that differ only in their window. A Prometheus rule file has no templates, so
 * they are written from one template each here; the output is committed rather than made at build time so that
 * promtool, Prometheus and a reader take the file as it is. {@link SloRatioRulesTest} fails while the committed file
 * differs from what this writes. Uses the JDK only, so that it runs from source without a build:
 * {@value #COMMAND}, from the project directory.
 */
public final class SloRatioRules {

    static final Path FILE = Path.of("src", "main", "monitoring", "order-service-slo.rules.yml");
    static final String COMMAND = "java src/test/java/com/example/orderservice/monitoring/SloRatioRules.java";
    /** Every window an alert of order-service-alerts.rules.yml reads, the 5-minute plain error ratio included. */
    static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

    private SloRatioRules() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render());
        System.out.println("Wrote " + FILE);
    }

    static String render() {
        StringBuilder file = new StringBuilder("""
                # Generated: edit src/test/java/com/example/orderservice/monitoring/SloRatioRules.java, then run
                #   %s
                # from the project directory.
                #
                # The two SLIs of order-service over every window the burn-rate alerts of order-service-alerts.rules.yml
                # compare (Google SRE workbook, "Alerting on SLOs", multiwindow multi-burn-rate).
                # job:app_requests_errors:ratio_rate5m is also the plain 5-minute error ratio.
                groups:
                  # Error ratio: 5xx answers over all answers. "or ... * 0" adds every other series as zero, so the ratio is 0, not
                  # missing, while the service serves without errors (a 5xx series exists only after the first 5xx). "> 0" leaves
                  # the ratio out, instead of NaN, when there is no traffic.
                  - name: order-service.slo-availability
                    rules:
                """.formatted(COMMAND));
        appendPerWindow(file, """
                          - record: job:app_requests_errors:ratio_rate%1$s
                            expr: |
                              sum by (namespace, job) (
                                rate(app_requests_total{job="order-service", status=~"5.."}[%1$s])
                                or rate(app_requests_total{job="order-service"}[%1$s]) * 0
                              )
                              /
                              (sum by (namespace, job) (rate(app_requests_total{job="order-service"}[%1$s])) > 0)
                    """);
        file.append("""
                  # Slow ratio: answers that took longer than 0.25s, the latency SLO threshold (slo.latency.threshold in pom.xml), over
                  # all answers.
                  - name: order-service.slo-latency
                    rules:
                """);
        appendPerWindow(file, """
                          - record: job:app_requests_slow:ratio_rate%1$s
                            expr: |
                              1 - (
                                sum by (namespace, job) (rate(app_request_duration_seconds_bucket{job="order-service", le="0.25"}[%1$s]))
                                /
                                (sum by (namespace, job) (rate(app_request_duration_seconds_count{job="order-service"}[%1$s])) > 0)
                              )
                    """);
        return file.toString();
    }

    /** The rule once for each window, at %1$s. */
    private static void appendPerWindow(StringBuilder file, String rule) {
        for (String window : WINDOWS) {
            file.append(rule.formatted(window));
        }
    }
}

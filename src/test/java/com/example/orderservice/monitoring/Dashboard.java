package com.example.orderservice.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.orderservice.kubernetes.Manifests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboard: the plain file in {@code src/main/monitoring/}, which {@code ./mvnw package} ships in the
 * ConfigMap {@code order-service-dashboard} of the generated manifests.
 */
public record Dashboard(JsonNode json) {

    public static final Path FILE = Path.of("src", "main", "monitoring", "order-service-dashboard.json");
    public static final String CONFIG_MAP = "order-service-dashboard";
    public static final String KEY = "order-service.json";

    /**
     * What Grafana puts in place of the dashboard's variables before it sends a query: any namespace, and a rate
     * interval of a few scrape intervals (5m, as for a dashboard showing some hours).
     */
    static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "5m", "$namespace", ".*");

    /** Prefixes of the series that only the PostgreSQL store exports (docs/storage.md, docs/metrics.md). */
    static final List<String> POSTGRES_ONLY = List.of("app_order_store_errors", "app_order_store_connection_",
            "sql_pool_", "postgresql_");

    /**
     * Whether the query reads series that only a service with the PostgreSQL store exports: they have data only
     * there (PostgresReplicasIT checks them against such a service).
     */
    public static boolean needsPostgres(String expr) {
        return POSTGRES_ONLY.stream().anyMatch(expr::contains);
    }

    /** The dashboard's JSON as the ConfigMap of the generated manifests holds it. */
    public static String shippedText() {
        return Manifests.generated().one("ConfigMap", CONFIG_MAP).path("data").path(KEY).asText();
    }

    public static String fileText() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dashboard shipped() {
        try {
            return new Dashboard(new ObjectMapper().readTree(shippedText()));
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard in ConfigMap " + CONFIG_MAP + " is not valid JSON", e);
        }
    }

    /** The PromQL of every panel's targets and of the annotations, with the variables filled in as Grafana would. */
    public List<String> expressions() {
        List<JsonNode> queries = new ArrayList<>();
        json.path("panels").forEach(panel -> panel.path("targets").forEach(queries::add));
        json.path("annotations").path("list").forEach(queries::add);
        List<String> expressions = new ArrayList<>();
        for (JsonNode query : queries) {
            String expr = query.path("expr").asText();
            for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
                expr = expr.replace(variable.getKey(), variable.getValue());
            }
            if (expr.contains("$")) {
                throw new AssertionError("unknown variable in " + expr);
            }
            expressions.add(expr);
        }
        return expressions;
    }
}

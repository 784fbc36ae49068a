package com.example.orderservice.monitoring;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Alertmanager configuration that the Prometheus Operator generates from an AlertmanagerConfig object, for a real
 * Alertmanager run outside Kubernetes. As the operator does (with kube-prometheus-stack's default matcher strategy,
 * OnNamespace): the object's route becomes a child of the top-level route, matching {@code namespace="<its
 * namespace>"} and with {@code continue: true}; receivers are named {@code <namespace>/<object>/<receiver>}; every
 * inhibition gets the namespace matcher on both sides. The top-level route and its "null" receiver stand for the
 * stack's default configuration, which receives every alert no AlertmanagerConfig routes.
 * <p>
 * Secret references are resolved from the values given. Any field this translation does not know fails it, so the
 * configuration a test runs cannot silently differ from the one that ships.
 */
final class OperatorAlertmanagerConfig {

    private OperatorAlertmanagerConfig() {
    }

    /**
     * @param secrets the values of the Secrets the object refers to, by {@code "<secret name>/<key>"}
     */
    static ObjectNode translate(JsonNode alertmanagerConfig, String namespace, Map<String, String> secrets) {
        String prefix = namespace + "/" + alertmanagerConfig.path("metadata").path("name").asText() + "/";
        JsonNode spec = alertmanagerConfig.path("spec");
        known(spec, "route", "receivers", "inhibitRules");
        ObjectNode config = RuleFiles.YAML.createObjectNode();

        ObjectNode top = config.putObject("route");
        top.put("receiver", "null");
        top.putArray("group_by").add("namespace");
        ObjectNode route = route(spec.path("route"), prefix);
        ((ArrayNode) route.get("matchers")).insert(0, matcher("namespace", "=", namespace));
        route.put("continue", true);
        top.putArray("routes").add(route);

        ArrayNode receivers = config.putArray("receivers");
        receivers.addObject().put("name", "null");
        for (JsonNode receiver : spec.path("receivers")) {
            known(receiver, "name", "webhookConfigs");
            ObjectNode out = receivers.addObject().put("name", prefix + receiver.path("name").asText());
            for (JsonNode webhook : receiver.path("webhookConfigs")) {
                known(webhook, "url", "urlSecret", "sendResolved", "maxAlerts");
                ObjectNode hook = out.withArrayProperty("webhook_configs").addObject();
                JsonNode secret = webhook.path("urlSecret");
                String url = secret.isMissingNode() ? webhook.path("url").asText()
                        : secrets.get(secret.path("name").asText() + "/" + secret.path("key").asText());
                if (url == null || url.isEmpty()) {
                    throw new AssertionError("no URL for " + webhook + " among " + secrets.keySet());
                }
                hook.put("url", url);
                copy(webhook, "sendResolved", hook, "send_resolved");
                copy(webhook, "maxAlerts", hook, "max_alerts");
            }
        }

        ArrayNode inhibitRules = config.putArray("inhibit_rules");
        for (JsonNode rule : spec.path("inhibitRules")) {
            known(rule, "sourceMatch", "targetMatch", "equal");
            ObjectNode out = inhibitRules.addObject();
            out.set("source_matchers", matchers(rule.path("sourceMatch")).add(matcher("namespace", "=", namespace)));
            out.set("target_matchers", matchers(rule.path("targetMatch")).add(matcher("namespace", "=", namespace)));
            out.set("equal", rule.path("equal").deepCopy());
        }
        return config;
    }

    private static ObjectNode route(JsonNode in, String prefix) {
        known(in, "receiver", "groupBy", "groupWait", "groupInterval", "repeatInterval", "matchers", "continue",
                "routes");
        ObjectNode out = RuleFiles.YAML.createObjectNode();
        if (in.has("receiver")) {
            out.put("receiver", prefix + in.path("receiver").asText());
        }
        copy(in, "groupBy", out, "group_by");
        copy(in, "groupWait", out, "group_wait");
        copy(in, "groupInterval", out, "group_interval");
        copy(in, "repeatInterval", out, "repeat_interval");
        copy(in, "continue", out, "continue");
        out.set("matchers", matchers(in.path("matchers")));
        for (JsonNode child : in.path("routes")) {
            out.withArrayProperty("routes").add(route(child, prefix));
        }
        return out;
    }

    private static ArrayNode matchers(JsonNode list) {
        ArrayNode out = RuleFiles.YAML.createArrayNode();
        for (JsonNode m : list) {
            known(m, "name", "value", "matchType");
            out.add(matcher(m.path("name").asText(), m.path("matchType").asText("="), m.path("value").asText()));
        }
        return out;
    }

    /** Alertmanager's matcher syntax, the value quoted as Go's strconv.Quote does for the operator. */
    private static String matcher(String name, String type, String value) {
        return name + type + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String name) {
        if (from.has(field)) {
            to.set(name, from.get(field).deepCopy());
        }
    }

    private static void known(JsonNode node, String... fields) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of(fields).contains(name)) {
                throw new AssertionError("The translation to alertmanager.yml does not know '" + name + "' in "
                        + node + ": add it to OperatorAlertmanagerConfig");
            }
        }
    }
}

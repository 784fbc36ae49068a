package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.example.orderservice.ApiErrors;
import com.example.orderservice.ExternalProcess;
import com.example.orderservice.RawHttp;
import com.example.orderservice.Replica;
import com.example.orderservice.http.OrderResource;
import com.example.orderservice.kubernetes.ApplicationConfig;
import com.example.orderservice.metrics.Scrape;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The in-memory store in the heap the Deployment gives it, with its default bound, filled with the largest orders the
 * API takes: sustained POSTs are refused with a JSON 507 (no OutOfMemoryError, no exit: the image's flags make the JVM
 * exit on one), and the stored orders are still served.
 * <p>
 * The packaged service runs with the image's JVM flags and the Deployment's memory limit as the memory the JVM sizes
 * its heap from ({@code -XX:MaxRAM}), so it has the pod's heap (70% of 512Mi, 358 MiB) and picks the pod's garbage
 * collector ({@code -XX:ActiveProcessorCount} from the CPU limit). The orders are the largest in heap: 64-character
 * ids and SKUs beyond Latin-1 (two bytes a character), 100 items of the largest quantity, and a 255-character
 * Idempotency-Key, about 21 KiB of heap each, so the default bound (half the heap) is reached after some 8,300 of them.
 * The POSTs go on until the first 507, then as many again are sent, mixed with GETs of stored orders and replays.
 */
class MemoryPressureIT {

    static final int CONCURRENCY = 4;
    static final int BATCH = 500;
    static final int SUSTAINED = 1_000;
    static final String LARGEST_ORDER = largestOrder();

    final HttpClient client = RawHttp.client();
    final AtomicInteger keys = new AtomicInteger();

    @Test
    void sustainedPostsOfTheLargestOrdersAre507AtTheDeploymentsHeapAndTheStoredOrdersAreServed() {
        try (Replica app = new Replica("memory-pressure", Map.of(), vmOptions()).start()) {
            Scrape before = app.metrics();

            // Until the first 507: every 201 before it is a stored order.
            List<String> ids = new ArrayList<>();
            List<String> storedKeys = new ArrayList<>();
            int refused = 0;
            while (refused == 0) {
                for (HttpResponse<String> response : RawHttp.sendAll(client, posts(app, BATCH), CONCURRENCY)) {
                    if (response.statusCode() == 201) {
                        ids.add(RawHttp.json(response.body()).path("id").asText());
                        storedKeys.add(response.request().headers().firstValue(IdempotencyKey.HEADER).orElseThrow());
                    } else {
                        assert507(response);
                        refused++;
                    }
                }
            }
            Scrape full = app.metrics();
            long footprint = InMemoryOrderStore.footprint(asStored());
            assertEquals((long) full.value("app_order_store_memory_max_bytes") / footprint, ids.size(),
                    "as many orders as fit in the bound");
            assertEquals(ids.size() * footprint, Math.round(full.value("app_order_store_memory_used_bytes")));

            // Sustained: new orders, and every fourth request a GET of a stored order or a replay of one.
            List<HttpRequest> sustained = new ArrayList<>();
            int reads = 0;
            for (int i = 0; i < SUSTAINED; i++) {
                sustained.addAll(posts(app, 1));
                if (i % 3 == 2) {
                    int stored = (i * 7) % ids.size();
                    sustained.add(i % 2 == 0 ? get(app, ids.get(stored)) : post(app, storedKeys.get(stored)));
                    reads += i % 2 == 0 ? 1 : 0;
                }
            }
            int filled = refused;
            int gets = 0;
            int replays = 0;
            for (HttpResponse<String> response : RawHttp.sendAll(client, sustained, CONCURRENCY)) {
                if (response.request().method().equals("GET")) {
                    assertEquals(200, response.statusCode(), response.body());
                    gets++;
                } else if (response.headers().firstValue("Idempotent-Replayed").isPresent()) {
                    assertEquals(201, response.statusCode(), response.body());
                    replays++;
                } else {
                    assert507(response);
                    refused++;
                }
            }
            assertEquals(SUSTAINED, refused - filled, "every new order refused");
            assertEquals(reads, gets);
            assertEquals(sustained.size() - SUSTAINED - reads, replays, "every replay answered");

            assertTrue(app.isAlive(), app.logText());
            assertEquals(200, ExternalProcess.httpStatus(app.uri("/q/health/live")));
            List<HttpRequest> sample = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += 10) {
                sample.add(get(app, ids.get(i)));
            }
            for (HttpResponse<String> response : RawHttp.sendAll(client, sample, CONCURRENCY)) {
                assertEquals(200, response.statusCode(), "a stored order is still served: " + response.body());
                assertEquals(OrderRequest.MAX_ITEMS, RawHttp.json(response.body()).path("items").size());
            }
            assertFalse(app.logText().contains("OutOfMemoryError"), app.logText());

            int posted201 = ids.size() + replays;
            int refusedTotal = refused;
            Awaitility.await("the requests counted").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> posts(app.metrics(), before, "507") >= refusedTotal);
            Scrape after = app.metrics();
            assertEquals(refused, posts(after, before, "507"), "each 507 counted");
            assertEquals(posted201, posts(after, before, "201"), "each 201 counted, replays included");
            assertEquals(ids.size() * footprint, Math.round(after.value("app_order_store_memory_used_bytes")),
                    "replays and refusals took nothing");
        }
    }

    /**
     * The image's JVM flags with the Deployment's memory limit as the machine's memory, or, for the native executable
     * (which the image runs without those flags), the same heap as {@code -Xmx}.
     */
    static List<String> vmOptions() {
        List<String> flags = Arrays.stream(ApplicationConfig.value("quarkus.jib.jvm-additional-arguments").split(","))
                .map(String::trim).toList();
        double percentage = flags.stream().filter(flag -> flag.startsWith("-XX:MaxRAMPercentage="))
                .map(flag -> Double.parseDouble(flag.substring(flag.indexOf('=') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("the image's JVM flags size the heap: " + flags));
        long limit = bytes(ApplicationConfig.value("quarkus.kubernetes.resources.limits.memory"));
        if (Replica.runsNative()) {
            return List.of("-Xmx" + Math.round(limit * percentage / 100));
        }
        List<String> options = new ArrayList<>(flags);
        options.add("-XX:MaxRAM=" + limit);
        options.add("-XX:ActiveProcessorCount="
                + cpus(ApplicationConfig.value("quarkus.kubernetes.resources.limits.cpu")));
        return options;
    }

    private static void assert507(HttpResponse<String> response) {
        JsonNode problem = ApiErrors.assertError(response, 507);
        assertEquals("Insufficient Storage", problem.path("title").asText(), response.body());
        assertEquals("The in-memory order store is full; no order was placed. Give the service more memory, or store "
                + "orders in PostgreSQL", problem.path("detail").asText(), response.body());
    }

    private static long posts(Scrape after, Scrape before, String status) {
        String[] series = { "endpoint", OrderResource.PATH, "method", "POST", "status", status };
        return Math.round(after.value("app_requests_total", series) - before.value("app_requests_total", series));
    }

    /** {@code count} POSTs of the largest order, each with a new Idempotency-Key. */
    private List<HttpRequest> posts(Replica app, int count) {
        List<HttpRequest> posts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            posts.add(post(app, key(keys.getAndIncrement())));
        }
        return posts;
    }

    private static HttpRequest post(Replica app, String key) {
        return HttpRequest.newBuilder(app.uri(OrderResource.PATH)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header(IdempotencyKey.HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(LARGEST_ORDER)).build();
    }

    private static HttpRequest get(Replica app, String id) {
        return HttpRequest.newBuilder(app.uri(OrderResource.PATH + "/" + id)).timeout(Duration.ofSeconds(60)).build();
    }

    /** The longest key the API takes, different for each {@code n}. */
    private static String key(int n) {
        return "k".repeat(IdempotencyKey.MAX_LENGTH - 8) + String.format("%08d", n);
    }

    /** The largest order in heap: every id as long as the API takes, in characters a string keeps in two bytes. */
    private static String largestOrder() {
        StringBuilder json = new StringBuilder("{\"customerId\": \"").append(wide(0, OrderRequest.MAX_ID_LENGTH))
                .append("\", \"items\": [");
        for (int line = 0; line < OrderRequest.MAX_ITEMS; line++) {
            json.append(line == 0 ? "" : ", ").append("{\"sku\": \"").append(wide(line, OrderRequest.MAX_ID_LENGTH))
                    .append("\", \"quantity\": ").append(OrderItem.MAX_QUANTITY).append('}');
        }
        return json.append("]}").toString();
    }

    /** The order {@link #LARGEST_ORDER} becomes in the store, for its footprint. */
    private static Order asStored() {
        List<OrderItem> items = new ArrayList<>();
        for (int line = 0; line < OrderRequest.MAX_ITEMS; line++) {
            items.add(new OrderItem(wide(line, OrderRequest.MAX_ID_LENGTH), OrderItem.MAX_QUANTITY));
        }
        return new Order(UUID.randomUUID().toString(), wide(0, OrderRequest.MAX_ID_LENGTH), items, Instant.now(),
                key(0));
    }

    /** {@code length} characters beyond Latin-1 (U+0101), ending with {@code n}. */
    private static String wide(int n, int length) {
        String digits = Integer.toString(n);
        return "\u0101".repeat(length - digits.length()) + digits;
    }

    /** A Kubernetes memory quantity (512Mi, 1Gi, 500M) in bytes. */
    static long bytes(String quantity) {
        String[][] units = { { "Ki", "1024" }, { "Mi", "1048576" }, { "Gi", "1073741824" }, { "K", "1000" },
                { "M", "1000000" }, { "G", "1000000000" } };
        for (String[] unit : units) {
            if (quantity.endsWith(unit[0])) {
                return Long.parseLong(quantity.substring(0, quantity.length() - unit[0].length()))
                        * Long.parseLong(unit[1]);
            }
        }
        return Long.parseLong(quantity);
    }

    /** A Kubernetes CPU quantity (1, 2, 500m) as whole processors, at least one. */
    static int cpus(String quantity) {
        double cpus = quantity.endsWith("m") ? Double.parseDouble(quantity.replace("m", "")) / 1000
                : Double.parseDouble(quantity);
        return Math.max(1, (int) Math.ceil(cpus));
    }
}

package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.example.orderservice.ExternalProcess;
import com.example.orderservice.RawHttp;
import com.example.orderservice.Replica;
import com.example.orderservice.http.OrderResource;
import com.example.orderservice.kubernetes.ApplicationConfig;
import com.example.orderservice.metrics.Scrape;

/**
 * The in-memory store at its capacity, in a heap sized as the Deployment sizes it: sustained POSTs are refused with
 * a JSON 507 (no OutOfMemoryError, no exit: the image's flags make the JVM exit on one), and the stored orders are
 * still served with 200.
 * <p>
 * The scale. In the pod, the heap is {@code MaxRAMPercentage} (70%) of the 512Mi memory limit, about 358 MiB, and
 * a full store ({@code app.orders.memory.capacity}: 500,000 orders of 330 to 420 bytes) holds 170 to 210 MiB of it,
 * about half. Filling that takes half a million requests; here the heap is the same share of a quarter of the limit
 * (about 90 MiB), and {@link #CAPACITY} orders of 100 items (about 14 KiB of heap each, the largest order the API
 * takes) fill about 35 MiB of it, 40%: a smaller share than in the pod, because the service's own objects (about
 * 8 MiB after a full GC) do not shrink with the scale. The sustained POSTs are twice the capacity: had the store taken
 * them, they would need some 70 MiB more, past the heap, and the JVM would have exited. {@code -Xmx} gives the scaled heap directly: below 256 MiB of
 * memory the JVM would ignore MaxRAMPercentage for a fixed 50%. {@code -XX:ActiveProcessorCount} stands in for the
 * CPU limit, so that the JVM picks the garbage collector it picks in the pod.
 */
class MemoryPressureIT {

    static final int SCALE = 4;
    static final int CAPACITY = 2_500;
    static final int CONCURRENCY = 4;
    static final String LARGEST_ORDER = largestOrder();

    final HttpClient client = RawHttp.client();

    @Test
    void aFullStoreRefusesNewOrdersWith507AndKeepsServingTheStoredOnes() {
        try (Replica app = new Replica("memory-pressure", Map.of("app.orders.memory.capacity",
                Integer.toString(CAPACITY)), vmOptions()).start()) {
            Scrape before = app.metrics();

            List<HttpResponse<String>> filling = RawHttp.sendAll(client, posts(app, CAPACITY), CONCURRENCY);
            List<String> ids = new ArrayList<>();
            for (HttpResponse<String> response : filling) {
                assertEquals(201, response.statusCode(), response.body());
                ids.add(RawHttp.json(response.body()).path("id").asText());
            }

            // Every fourth request a GET of a stored order, the others new orders.
            List<HttpRequest> sustained = new ArrayList<>();
            List<String> read = new ArrayList<>();
            List<HttpRequest> orders = posts(app, 2 * CAPACITY);
            for (int i = 0; i < orders.size(); i++) {
                sustained.add(orders.get(i));
                if (i % 3 == 2) {
                    String id = ids.get(read.size() % ids.size());
                    read.add(id);
                    sustained.add(get(app, id));
                }
            }
            int gets = 0;
            for (HttpResponse<String> response : RawHttp.sendAll(client, sustained, CONCURRENCY)) {
                if (response.request().method().equals("GET")) {
                    assertEquals(200, response.statusCode(), response.body());
                    assertEquals(read.get(gets++), RawHttp.json(response.body()).path("id").asText());
                } else {
                    assertEquals(507, response.statusCode(), response.body());
                    assertEquals(507, RawHttp.json(response.body()).path("status").asInt(), response.body());
                }
            }

            assertTrue(app.isAlive(), app.logText());
            assertEquals(200, ExternalProcess.httpStatus(app.uri("/q/health/live")));
            for (HttpResponse<String> response : RawHttp.sendAll(client, ids.stream().map(id -> get(app, id))
                    .toList(), CONCURRENCY)) {
                assertEquals(200, response.statusCode(), "every stored order is still served: " + response.body());
            }
            assertFalse(app.logText().contains("OutOfMemoryError"), app.logText());

            Awaitility.await("the requests counted").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50)).until(() -> app.metrics().value("app_requests_total",
                            "endpoint", OrderResource.PATH, "method", "POST", "status", "507")
                            - before.value("app_requests_total", "endpoint", OrderResource.PATH, "method", "POST",
                                    "status", "507") >= 2 * CAPACITY);
            Scrape after = app.metrics();
            assertEquals(2 * CAPACITY, Math.round(after.value("app_requests_total", "endpoint", OrderResource.PATH,
                    "method", "POST", "status", "507") - before.value("app_requests_total", "endpoint",
                            OrderResource.PATH, "method", "POST", "status", "507")), "each 507 counted");
        }
    }

    /**
     * The image's JVM flags with the scaled heap, or, for the native executable (which the image runs without those
     * flags), the scaled heap alone.
     */
    static List<String> vmOptions() {
        List<String> flags = Arrays.stream(ApplicationConfig.value("quarkus.jib.jvm-additional-arguments").split(","))
                .map(String::trim).toList();
        double percentage = flags.stream().filter(flag -> flag.startsWith("-XX:MaxRAMPercentage="))
                .map(flag -> Double.parseDouble(flag.substring(flag.indexOf('=') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("the image's JVM flags size the heap: " + flags));
        long limit = bytes(ApplicationConfig.value("quarkus.kubernetes.resources.limits.memory"));
        String heap = "-Xmx" + Math.round(limit * percentage / 100 / SCALE);
        if (Replica.runsNative()) {
            return List.of(heap);
        }
        List<String> options = new ArrayList<>(flags);
        options.add(heap);
        options.add("-XX:ActiveProcessorCount="
                + cpus(ApplicationConfig.value("quarkus.kubernetes.resources.limits.cpu")));
        return options;
    }

    private List<HttpRequest> posts(Replica app, int count) {
        HttpRequest post = HttpRequest.newBuilder(app.uri(OrderResource.PATH)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LARGEST_ORDER)).build();
        return Collections.nCopies(count, post);
    }

    private static HttpRequest get(Replica app, String id) {
        return HttpRequest.newBuilder(app.uri(OrderResource.PATH + "/" + id)).timeout(Duration.ofSeconds(60)).build();
    }

    /** 100 items with 64-character SKUs: the most heap one order can take. */
    private static String largestOrder() {
        StringBuilder json = new StringBuilder("{\"customerId\": \"c-memory\", \"items\": [");
        for (int line = 0; line < OrderRequest.MAX_ITEMS; line++) {
            json.append(line == 0 ? "" : ", ").append("{\"sku\": \"sku-")
                    .append(String.format("%060d", line)).append("\", \"quantity\": 1}");
        }
        return json.append("]}").toString();
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

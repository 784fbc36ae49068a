package com.example.orderservice.order;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import com.example.orderservice.TestOrders;
import com.example.orderservice.RawHttp;
import com.example.orderservice.Replica;
import com.example.orderservice.http.OrderResource;

/**
 * Clients placing orders back to back against the replicas of the packaged service, each request with a new
 * {@code Idempotency-Key}, and what every request got: an answer (its status and body) or none (the connection failed,
 * or nothing came back within the timeout). A client stops at its first request without an answer (its replica is
 * gone), after its quota of requests, or when the load is stopped; {@link #close()} stops them on every path.
 */
final class OrderLoad implements AutoCloseable {

    static final String ORDER = TestOrders.forCustomer("c-load");
    private static final Duration AWAIT = Duration.ofSeconds(90);
    private static final HttpClient CLIENT = RawHttp.client();

    /**
     * One request and what it got; {@code failure} is set, and {@code status} -1, when it got no answer;
     * {@code replayed} when the answer was an earlier request's order ({@code Idempotent-Replayed}).
     */
    record Outcome(String key, Replica replica, int status, String body, boolean replayed, IOException failure) {

        boolean answered() {
            return failure == null;
        }

        boolean created() {
            return status == 201;
        }

        /** The id of the order a 201 answered with. */
        String id() {
            return RawHttp.json(body).path("id").asText();
        }

        @Override
        public String toString() {
            return key + " on " + replica.port() + ": " + (answered() ? status + " " + body : failure.toString());
        }
    }

    private final Duration timeout;
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();

    private OrderLoad(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Starts {@code clients} clients, client {@code i} sending to {@code replicaOf(i)}, each at most
     * {@code requestsPerClient} requests, each request waiting at most {@code timeout} for its answer.
     */
    static OrderLoad start(int clients, int requestsPerClient, Duration timeout, IntFunction<Replica> replicaOf) {
        OrderLoad load = new OrderLoad(timeout);
        for (int i = 0; i < clients; i++) {
            Replica replica = replicaOf.apply(i);
            Thread thread = new Thread(() -> load.placeOrders(replica, requestsPerClient), "order-load-" + i);
            thread.setDaemon(true);
            load.clients.add(thread);
            thread.start();
        }
        return load;
    }

    /** One order with this key, as the load sends it: for retries after the load. */
    Outcome place(Replica replica, String key) {
        return place(replica, key, timeout);
    }

    /** One order with this key, as the load sends it, waiting at most {@code timeout} for the answer. */
    static Outcome place(Replica replica, String key, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(replica.uri(OrderResource.PATH)).timeout(timeout)
                .header("Content-Type", "application/json").header(IdempotencyKey.HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(ORDER)).build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(key, replica, response.statusCode(), response.body(),
                    response.headers().firstValue("Idempotent-Replayed").isPresent(), null);
        } catch (IOException noAnswer) {
            return new Outcome(key, replica, -1, null, false, noAnswer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(key, replica, -1, null, false, new IOException("interrupted", e));
        }
    }

    /** The requests so far that match. */
    long count(Predicate<Outcome> which) {
        return outcomes.stream().filter(which).count();
    }

    /**
     * Waits (bounded) until at least {@code count} requests so far match; fails at once, with what the clients got,
     * if every client has stopped before.
     */
    void await(String what, long count, Predicate<Outcome> which) {
        try {
            Awaitility.await(what).atMost(AWAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .failFast(what + ": every client has stopped", () -> clients.stream().noneMatch(Thread::isAlive))
                    .until(() -> count(which) >= count);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; the clients got " + summary(), e);
        }
    }

    /** Stops the clients (each finishes the request it is sending) and returns every request's outcome. */
    List<Outcome> stop() {
        stopping.set(true);
        for (Thread thread : clients) {
            try {
                thread.join(timeout.plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }
        return List.copyOf(outcomes);
    }

    @Override
    public void close() {
        stop();
    }

    /** How many requests got each status (-1: no answer), for failure messages. */
    String summary() {
        StringBuilder text = new StringBuilder();
        outcomes.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()))
                .forEach((status, n) -> text.append(status).append(": ").append(n).append("; "));
        outcomes.stream().filter(o -> !o.created()).limit(5).forEach(o -> text.append(o).append("; "));
        return text.toString();
    }

    private void placeOrders(Replica replica, int requests) {
        for (int i = 0; i < requests && !stopping.get(); i++) {
            Outcome outcome = place(replica, UUID.randomUUID().toString());
            outcomes.add(outcome);
            if (!outcome.answered()) {
                return;
            }
        }
    }
}

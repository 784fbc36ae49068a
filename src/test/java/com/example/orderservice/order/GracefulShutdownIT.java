package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.example.orderservice.TestOrders;
import com.example.orderservice.ExternalProcess;
import com.example.orderservice.HeldRequest;
import com.example.orderservice.RawHttp;
import com.example.orderservice.Replica;
import com.example.orderservice.kubernetes.ApplicationConfig;
import com.example.orderservice.kubernetes.Manifests;


/**
 * SIGTERM under steady load, against the packaged application in a child process: readiness fails first while the
 * API still answers, requests in flight complete, then the port closes and new connections are refused, and no
 * order answered with 201 is lost. The Deployment's grace period covers the shutdown delay and timeout proved here.
 */
class GracefulShutdownIT {

    static final int LOAD_THREADS = 4;
    static final String ORDER = TestOrders.forCustomer("c-drain");

    final HttpClient client = RawHttp.client();
    final Map<String, Boolean> created = new ConcurrentHashMap<>();
    final List<String> wrongAnswers = new CopyOnWriteArrayList<>();
    final List<Throwable> failuresBeforeSigterm = new CopyOnWriteArrayList<>();
    final AtomicBoolean sigtermSent = new AtomicBoolean();
    final AtomicBoolean stopLoad = new AtomicBoolean();

    @Test
    void sigtermFailsReadinessFirstDrainsInFlightRequestsAndLosesNoOrder() throws Exception {
        // KubernetesManifestsIT checks that this grace period exceeds quarkus.shutdown.delay + timeout; this test runs
        // the packaged service with exactly those settings.
        Duration grace = Duration.ofSeconds(Manifests.generated().one("Deployment", "order-service").path("spec")
                .path("template").path("spec").path("terminationGracePeriodSeconds").asLong());

        // The held requests' bodies wait for the shutdown delay and the checks below: longer than a client may take
        // to send a body in production (app.limits.body-timeout), which this test is not about.
        // The shipped shutdown delay, explicitly: the failsafe run sets none for every other process it starts.
        try (Replica app = new Replica("graceful-shutdown", Map.of("app.limits.body-timeout", "120s",
                "quarkus.shutdown.delay", ApplicationConfig.value("quarkus.shutdown.delay"))).start()) {
            List<Thread> load = new ArrayList<>();
            for (int i = 0; i < LOAD_THREADS; i++) {
                Thread thread = new Thread(() -> steadyLoad(app), "load-" + i);
                thread.start();
                load.add(thread);
            }
            awaitOrders(50);
            List<HeldRequest> inFlight = List.of(HeldRequest.start("127.0.0.1", app.port(), "/api/orders", ORDER),
                    HeldRequest.start("127.0.0.1", app.port(), "/api/orders", ORDER));

            int createdAtSigterm = created.size();
            sigtermSent.set(true);
            app.sigterm();

            awaitStatus(app, "/q/health/ready", 503);
            assertEquals(201, post(app).statusCode(), "readiness fails first: the API still answers");
            assertEquals(200, get(app, "/q/health/live").statusCode(), "and the pod is alive");
            List<String> acceptedBeforeDrain = List.copyOf(created.keySet());
            for (String id : acceptedBeforeDrain) {
                assertEquals(200, get(app, "/api/orders/" + id).statusCode(), "order " + id + " answered 201 is stored");
            }

            awaitLog(app, "Waiting for HTTP requests to complete");
            for (HeldRequest request : inFlight) {
                String response = request.complete();
                assertEquals(201, HeldRequest.status(response), response);
                assertEquals("created", RawHttp.json(HeldRequest.body(response)).path("status").asText());
                request.close();
            }

            assertTrue(app.exitsWithin(grace), "exits before Kubernetes would SIGKILL it");
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", app.port()).close(),
                    "new connections are refused once the server has stopped");
            stopLoad.set(true);
            for (Thread thread : load) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertEquals(List.of(), wrongAnswers, "every answer under load was a 201 with the order");
            assertEquals(List.of(), failuresBeforeSigterm);
            assertTrue(created.size() > createdAtSigterm, "the load went on while the service shut down");
            assertFalse(app.logText().contains("ERROR"), app.logText());
        }
    }

    /** Places orders one after another until the server is gone; records every answer that is not a whole 201. */
    private void steadyLoad(Replica app) {
        while (!stopLoad.get()) {
            try {
                HttpResponse<String> response = post(app);
                String id = response.statusCode() == 201 ? RawHttp.json(response.body()).path("id").asText(null) : null;
                if (id == null) {
                    wrongAnswers.add(response.statusCode() + " " + response.body());
                } else {
                    created.put(id, true);
                }
            } catch (IOException e) {
                if (!sigtermSent.get()) {
                    failuresBeforeSigterm.add(e);
                }
                if (!app.isAlive()) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private HttpResponse<String> post(Replica app) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(app.uri("/api/orders")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Replica app, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitOrders(int count) {
        Awaitility.await("the load to get going").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> created.size() >= count || !failuresBeforeSigterm.isEmpty());
        assertTrue(created.size() >= count, "the load never got going: " + wrongAnswers + failuresBeforeSigterm);
    }

    private void awaitStatus(Replica app, String path, int status) {
        Awaitility.await(path + " to answer " + status).atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> get(app, path).statusCode() == status);
    }

    private static void awaitLog(Replica app, String text) {
        ExternalProcess.await("\"" + text + "\" in the log", Duration.ofSeconds(30),
                () -> app.logText().contains(text), () -> false, app::logText);
    }
}

package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.example.orderservice.ApiErrors;
import com.example.orderservice.RawHttp;
import com.example.orderservice.metrics.Scrape;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Two thousand random paths, methods and bodies, of every kind the generator makes: every answer is a JSON error
 * below 500, and the metric labels stay bounded. Runs once, in the JVM: routing and labelling are the same code in the
 * packaged or native artifact, whose parsing of hostile input {@link HostileInputIT} checks.
 */
@QuarkusTest
class RandomRequestsTest {

    @Test
    void twoThousandRandomPathsAndMethodsGetJsonErrorsAndAddNoSeries() {
        Random random = new Random(6);
        String[] methods = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW", "PROPFIND",
                "X-" };
        String[] starts = { "/", "/api/", "/api/orders/", "/api/orders", "/API/ORDERS/", "/api//orders/", "/api/orders/%2e%2e/" };
        String alphabet = "abcXYZ019-._~%20%2F%00%ff!$&'()*+,;=:@";
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String method = methods[random.nextInt(methods.length)];
            if (method.equals("X-")) {
                method = "X-" + Integer.toString(random.nextInt(1_000_000), 36).toUpperCase();
            }
            StringBuilder path = new StringBuilder(starts[random.nextInt(starts.length)]);
            for (int c = random.nextInt(40); c > 0; c--) {
                int at = random.nextInt(alphabet.length());
                path.append(alphabet.charAt(at));
            }
            String uri = path.toString().replaceAll("%(?![0-9a-fA-F]{2})", "%25");
            HttpRequest.BodyPublisher body = random.nextBoolean()
                    ? HttpRequest.BodyPublishers.ofString("{\"junk\": " + random.nextInt() + "}")
                    : HttpRequest.BodyPublishers.noBody();
            requests.add(HttpRequest.newBuilder(RawHttp.uri(uri)).method(method, body)
                    .header("Content-Type", random.nextBoolean() ? "application/json" : "text/plain").build());
        }
        Scrape before = Scrape.now();

        List<HttpResponse<String>> responses = RawHttp.sendAll(RawHttp.client(), requests, 16);

        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> response = responses.get(i);
            int status = response.statusCode();
            String what = requests.get(i).method() + " " + requests.get(i).uri() + " → " + status + " " + response.body();
            assertTrue(status < 500, what);
            boolean hasBody = !requests.get(i).method().equals("HEAD") && !requests.get(i).method().equals("OPTIONS");
            if (status >= 400 && hasBody) {
                ApiErrors.assertError(response, status);
            }
        }
        Scrape after = Scrape.afterRequests(before, responses.size());
        assertEquals(responses.size(), after.sum("app_requests_total") - before.sum("app_requests_total"));
        Set<String> endpoints = after.labelValues("app_", "endpoint");
        assertTrue(Set.of("/api/orders", "/api/orders/{id}", "unmatched").containsAll(endpoints), endpoints::toString);
        Set<String> methodLabels = after.labelValues("app_requests_total", "method");
        assertTrue(Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER").containsAll(methodLabels),
                methodLabels::toString);
        assertFalse(after.labelValues("app_requests_total", "status").stream().anyMatch(s -> s.startsWith("5")));
        assertEquals(0.0, after.value("app_requests_in_flight"));
    }
}

package com.example.orderservice.metrics;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** One scrape of {@code /metrics} in the Prometheus text format, parsed into samples for before/after comparisons. */
public final class Scrape {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)");

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new TreeMap<>();

    public Scrape(String text) {
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            Matcher type = TYPE.matcher(line);
            if (type.find()) {
                types.put(type.group(1), type.group(2));
            } else if (!line.startsWith("#") && sample.find()) {
                samples.add(new Sample(sample.group(1), labels(sample.group(2)), Double.parseDouble(sample.group(3))));
            }
        }
    }

    public static Scrape now() {
        return new Scrape(given().accept("text/plain").get("/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * The first scrape (within 5 seconds) in which at least this many more API requests are counted than in
     * {@code before}. A request is counted when Vert.x ends its response, which can be just after the client has
     * read it: a scrape sent right then would not see it yet.
     */
    public static Scrape afterRequests(Scrape before, int requests) {
        AtomicReference<Scrape> last = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).pollInSameThread()
                    .until(() -> {
                        last.set(now());
                        return last.get().counts(before, requests);
                    });
        } catch (ConditionTimeoutException notCountedYet) {
            // The caller's assertions on the last scrape say which counts are missing.
        }
        return last.get();
    }

    private boolean counts(Scrape before, int requests) {
        return sum("app_requests_total") - before.sum("app_requests_total") >= requests
                && sum("app_request_duration_seconds_count") - before.sum("app_request_duration_seconds_count") >= requests;
    }

    /** The value of one series, 0 when it does not exist yet (a counter that has not moved). */
    public double value(String name, String... labelPairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .mapToDouble(Sample::value).findFirst().orElse(0.0);
    }

    /** The metric families of the scrape and their types ({@code # TYPE} lines): counter, gauge, histogram... */
    public Map<String, String> types() {
        return Map.copyOf(types);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The sum over every series of one name, whatever their labels. */
    public double sum(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    public long countSeries(String namePrefix) {
        return samples.stream().filter(s -> s.name().startsWith(namePrefix)).count();
    }

    public Set<String> labelValues(String namePrefix, String label) {
        Set<String> values = new TreeSet<>();
        samples.stream().filter(s -> s.name().startsWith(namePrefix) && s.labels().containsKey(label))
                .forEach(s -> values.add(s.labels().get(label)));
        return values;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        if (text != null) {
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }
}

package com.example.orderservice.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Which exemplars reach Prometheus: those of buckets and counters, the only ones every Prometheus accepts. */
class MetricsEndpointTest {

    @Test
    void keepsTheExemplarsOfBucketsAndCountersOnly() {
        String scraped = """
                # TYPE d histogram
                d_bucket{endpoint="/a",le="0.5"} 1.0 # {span_id="s",trace_id="t"} 0.2 1.7E9
                d_count{endpoint="/a"} 1.0 # {span_id="s",trace_id="t"} 1.0 1.7E9
                d_sum{endpoint="/a"} 0.2
                c_total{endpoint="/b # {c}"} 3.0 # {trace_id="t"} 1.0 1.7E9
                g{endpoint="/g # {x} \\" # {y}"} 2.0
                s_count 4.0 # {trace_id="t"} 1.0
                # EOF
                """;
        assertEquals("""
                # TYPE d histogram
                d_bucket{endpoint="/a",le="0.5"} 1.0 # {span_id="s",trace_id="t"} 0.2 1.7E9
                d_count{endpoint="/a"} 1.0
                d_sum{endpoint="/a"} 0.2
                c_total{endpoint="/b # {c}"} 3.0 # {trace_id="t"} 1.0 1.7E9
                g{endpoint="/g # {x} \\" # {y}"} 2.0
                s_count 4.0
                # EOF
                """, MetricsEndpoint.withExemplarsWherePrometheusReadsThem(scraped));
    }

    @Test
    void anExpositionWithoutExemplarsPassesUnchanged() {
        String scraped = "# TYPE c counter\nc_total 1.0\n# EOF\n";
        assertSame(scraped, MetricsEndpoint.withExemplarsWherePrometheusReadsThem(scraped));
    }
}

package org.contrastive4j.serve;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The server's metrics, kept by Micrometer and read at {@code GET /metrics} in Prometheus' text
 * format: requests by route, status and model with their latency ({@code c4j_http_requests_seconds}),
 * per model and input kind the queue ({@code c4j_queue_size}), batch sizes and padded tokens
 * ({@code c4j_batch_inputs}, {@code c4j_batch_tokens}), time waiting for a batch and time in the
 * model ({@code c4j_queue_seconds}, {@code c4j_inference_seconds}); and the JVM's memory, threads and CPU.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** One answered request: its route (the matched path), status, model ("" when none) and time. */
    public void request(String route, int status, String model, long nanos) {
        Timer.builder("c4j.http.requests").description("HTTP requests answered, by route, status and model")
                .tags("route", route, "status", Integer.toString(status), "model", model)
                .publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** What the batcher of {@code model}'s {@code input} kind (text, image) reports. */
    public DynamicBatcher.Observer observer(String model, String input) {
        DistributionSummary inputs = DistributionSummary.builder("c4j.batch.inputs").description("inputs per batch")
                .tags("model", model, "input", input).publishPercentileHistogram().register(registry);
        DistributionSummary tokens = DistributionSummary.builder("c4j.batch.tokens")
                .description("padded cost per batch: longest input x inputs (tokens; images count 1)")
                .tags("model", model, "input", input).publishPercentileHistogram().register(registry);
        Timer queue = Timer.builder("c4j.queue").description("time a request waited for its batch")
                .tags("model", model, "input", input).publishPercentileHistogram().register(registry);
        Timer inference = Timer.builder("c4j.inference").description("time a batch spent in the model")
                .tags("model", model, "input", input).publishPercentileHistogram().register(registry);
        return new DynamicBatcher.Observer() {
            @Override
            public void batchRan(int n, long paddedCost, long inferenceNanos) {
                inputs.record(n);
                tokens.record(paddedCost);
                inference.record(inferenceNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void waited(long queueNanos) {
                queue.record(queueNanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    /** The queue of {@code model}: requests waiting for a batch. */
    public void queue(String model, IntSupplier size) {
        Gauge.builder("c4j.queue.size", size::getAsInt).description("requests waiting for a batch").tag("model", model)
                .register(registry);
    }

    /** Everything, in Prometheus' text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }
}

package io.shipsync.alerting.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pipeline figures eventing publishes in a service's Prometheus endpoint ({@code /q/metrics}): how long its
 * oldest stalled consumer has waited, and per work queue the age of its oldest due item and its dead items.
 */
@ApplicationScoped
public class ServiceMetrics {

    /**
     * One service's figures as last published.
     *
     * @param consumerStallSeconds how long its longest-waiting consumer has retried one record (0: none waits)
     * @param oldestDueSeconds     per work queue, how long its oldest due item has waited (0: none due)
     * @param deadItems            per work queue, items that failed for good
     */
    public record Figures(double consumerStallSeconds, Map<String, Double> oldestDueSeconds, Map<String, Double> deadItems) {
    }

    /** The endpoint could not be read: the service is down or unreachable, which says nothing about its pipeline. */
    public static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // name{labels} value — Prometheus text format; the labels we need are quoted and free of escapes.
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)\\})?\\s+(\\S+)");
    private static final Pattern QUEUE = Pattern.compile("(?:^|,)queue=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** GETs {@code baseUrl/q/metrics} and reads the figures. */
    public Figures read(URI baseUrl) throws Unreachable {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(baseUrl.resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new Unreachable(baseUrl + "/q/metrics answered " + answer.statusCode(), null);
            }
            return parse(answer.body());
        } catch (IOException e) {
            throw new Unreachable(baseUrl + "/q/metrics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(baseUrl + "/q/metrics: interrupted", e);
        }
    }

    /** Reads the figures from a Prometheus text exposition. */
    public static Figures parse(String exposition) {
        double stall = 0;
        Map<String, Double> oldest = new TreeMap<>();
        Map<String, Double> dead = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(sample.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            switch (sample.group(1)) {
                case "shipsync_consumer_stall_seconds" -> stall = Math.max(stall, value);
                case "shipsync_work_oldest_due_seconds" -> queue(sample.group(2), oldest, value);
                case "shipsync_work_dead" -> queue(sample.group(2), dead, value);
                default -> {
                }
            }
        }
        return new Figures(stall, oldest, dead);
    }

    private static void queue(String labels, Map<String, Double> figures, double value) {
        Matcher queue = QUEUE.matcher(labels == null ? "" : labels);
        if (queue.find()) {
            figures.merge(queue.group(1), value, Math::max);
        }
    }
}

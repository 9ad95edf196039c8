package io.shipsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own performance tools, each run as a child JVM on this JVM's classpath (their {@code main} calls
 * {@code System.exit}), with their printed figures parsed.
 */
final class KafkaTools {

    /** EndToEndLatency's figures; it prints percentiles in whole milliseconds, truncated. */
    record EndToEnd(double avgMs, long p50Ms, long p99Ms, long p999Ms) {
    }

    /** ProducerPerformance's final summary line. */
    record Producer(long records, double recordsPerSecond, double megabytesPerSecond, long p99Ms) {
    }

    private static final Pattern E2E_AVG = Pattern.compile("Avg latency: ([0-9.]+) ms");
    private static final Pattern E2E_PERCENTILES =
            Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)");
    private static final Pattern PERF_SUMMARY = Pattern.compile(
            "(?m)^(\\d+) records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), .* (\\d+) ms 99th, \\d+ ms 99\\.9th\\.$");

    private KafkaTools() {
    }

    static EndToEnd endToEndLatency(String bootstrapServers, String topic, int records, int recordSize) {
        String out = run("org.apache.kafka.tools.EndToEndLatency", "--bootstrap-server", bootstrapServers,
                "--topic", topic, "--num-records", Integer.toString(records), "--producer-acks", "all",
                "--record-size", Integer.toString(recordSize));
        Matcher avg = find(E2E_AVG, out);
        Matcher percentiles = find(E2E_PERCENTILES, out);
        return new EndToEnd(Double.parseDouble(avg.group(1)), Long.parseLong(percentiles.group(1)),
                Long.parseLong(percentiles.group(2)), Long.parseLong(percentiles.group(3)));
    }

    static Producer producerPerformance(String bootstrapServers, String topic, int records, int recordSize) {
        String out = run("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Integer.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all");
        Matcher summary = find(PERF_SUMMARY, out);
        return new Producer(Long.parseLong(summary.group(1)), Double.parseDouble(summary.group(2)),
                Double.parseDouble(summary.group(3)), Long.parseLong(summary.group(4)));
    }

    private static String run(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The heap kafka-producer-perf-test.sh gives the tool; English number format for the parsing below.
                "-Xmx512m", "-Duser.language=en", "-Duser.country=US",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(mainClass + " failed:\n" + tail(out));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + mainClass, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + mainClass, e);
        }
    }

    private static Matcher find(Pattern pattern, String out) {
        Matcher matcher = pattern.matcher(out);
        if (!matcher.find()) {
            throw new IllegalStateException("Unexpected tool output, no match for " + pattern + ":\n" + tail(out));
        }
        return matcher;
    }

    private static String tail(String out) {
        return out.length() <= 4000 ? out : out.substring(out.length() - 4000);
    }
}

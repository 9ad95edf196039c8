package io.shipsync.infra.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/** One real in-process KRaft broker per test JVM, started on first use and closed when the JVM exits. */
public final class SharedKafka {

    private static KafkaClusterTestKit cluster;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = start();
            KafkaClusterTestKit started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Closing deletes the broker's directories while its background threads may still write a
                // checkpoint; Kafka then halts the JVM with status 1, which fails a test run that passed.
                Exit.setHaltProcedure((status, message) -> { });
                Exit.setExitProcedure((status, message) -> { });
                try {
                    started.close();
                } catch (Exception ignored) {
                    // the JVM is exiting; its temp directories go with the kit
                }
            }, "shared-kafka-shutdown"));
        }
        return cluster.bootstrapServers();
    }

    private static KafkaClusterTestKit start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("num.partitions", 3)
                    .setConfigProp("auto.create.topics.enable", true)
                    .setConfigProp("offsets.topic.replication.factor", (short) 1)
                    .setConfigProp("transaction.state.log.replication.factor", (short) 1)
                    .setConfigProp("transaction.state.log.min.isr", 1)
                    .setConfigProp("group.initial.rebalance.delay.ms", 0)
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-process Kafka broker", e);
        }
    }
}

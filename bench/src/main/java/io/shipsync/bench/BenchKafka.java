package io.shipsync.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The test kit's in-process KRaft broker (one combined node) as SharedKafka starts it, but owned by the benchmark
 * so it is closed before the JVM exits: closed by a shutdown hook instead, it races the deletion of its own
 * directories and logs pages of storage errors.
 */
final class BenchKafka {

    private BenchKafka() {
    }

    /** A started broker whose topics get {@code partitions} partitions unless created otherwise. */
    static KafkaClusterTestKit start(int partitions) throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("num.partitions", partitions)
                .setConfigProp("offsets.topic.replication.factor", (short) 1)
                .setConfigProp("transaction.state.log.replication.factor", (short) 1)
                .setConfigProp("transaction.state.log.min.isr", 1)
                .setConfigProp("group.initial.rebalance.delay.ms", 0)
                .build();
        // The storage formatter prints its bootstrap records to System.out; they are not figures.
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            kit.format();
        } finally {
            System.setOut(out);
        }
        kit.startup();
        kit.waitForReadyBrokers();
        return kit;
    }
}

package dev.care.messaging.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster in this JVM, in KRaft mode, from Kafka's own test kit: one controller and
 * one broker (separate, so that the broker alone can be restarted on the same port). Nothing is
 * installed and no container runs; the data lives in a temporary folder deleted on close.
 */
final class InProcessKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final int brokerId;
  private volatile boolean stopped;

  private InProcessKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.brokerId = cluster.brokers().keySet().iterator().next();
  }

  /** Formats and starts a cluster and waits until its broker is ready. */
  static InProcessKafka start() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(false)
            .setNumControllerNodes(1)
            .setNumBrokerNodes(1)
            .build();
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes)
            // one broker: internal topics cannot have more than one replica
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            // a restarted broker registers again sooner when its old session ends sooner
            .setConfigProp("broker.session.timeout.ms", "2000")
            .setConfigProp("broker.heartbeat.interval.ms", "500")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new InProcessKafka(cluster);
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Stops the broker (a controlled shutdown); its data stays. The controller keeps running. */
  void stopBroker() {
    stopped = true;
    BrokerServer broker = cluster.brokers().get(brokerId);
    broker.shutdown();
    broker.awaitShutdown();
  }

  /**
   * Starts the broker again on the same port, stopping it first if it runs, and waits until it is
   * ready.
   */
  void restartBroker() throws ExecutionException, InterruptedException {
    cluster.restartBroker(brokerId, Map.of());
    cluster.waitForReadyBrokers();
    stopped = false;
  }

  /** Whether {@link #stopBroker()} stopped the broker and it has not been restarted since. */
  boolean isStopped() {
    return stopped;
  }

  /** Creates topics with the given number of partitions (one replica: there is one broker). */
  void createTopics(int partitions, String... topics) throws Exception {
    try (Admin admin = cluster.admin()) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String t : topics) {
        newTopics.add(new NewTopic(t, partitions, (short) 1));
      }
      admin.createTopics(newTopics).all().get();
    }
  }

  /** Reads every record now in the topics, from the start, without a consumer group. */
  List<ConsumerRecord<String, String>> readAll(Collection<String> topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // only what the producers' acknowledged (committed) writes: the default, stated
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String t : topics) {
        consumer
            .partitionsFor(t, Duration.ofSeconds(10))
            .forEach(i -> partitions.add(new TopicPartition(t, i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read to the end of " + topics + " in 30 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), Duration.ofSeconds(10)) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The names of the topics that exist. */
  Set<String> topics() throws Exception {
    try (Admin admin = cluster.admin()) {
      return admin.listTopics().names().get();
    }
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping Kafka", e);
    } catch (Exception e) {
      throw new IllegalStateException("could not stop Kafka cleanly", e);
    }
  }
}

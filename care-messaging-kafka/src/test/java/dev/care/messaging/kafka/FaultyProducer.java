package dev.care.messaging.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A real producer with faults injected at chosen sends (counted from 1): a send that fails before
 * reaching the broker, one whose acknowledgement is lost after the broker wrote it, or an action
 * (stopping the broker) run just before a send.
 */
final class FaultyProducer implements Producer<String, String> {
  /** What happens at one send. */
  sealed interface Fault {}

  /** The send fails at once; nothing is written. */
  record Refuse() implements Fault {}

  /** The record is written and acknowledged, but the caller is told it timed out. */
  record LoseAcknowledgement() implements Fault {}

  /** Runs an action, then sends normally. */
  record Before(Runnable action) implements Fault {}

  private final Producer<String, String> delegate;
  private final Map<Integer, Fault> faults = new ConcurrentHashMap<>();
  private final AtomicInteger sends = new AtomicInteger();

  FaultyProducer(Producer<String, String> delegate) {
    this.delegate = delegate;
  }

  FaultyProducer at(int send, Fault fault) {
    faults.put(send, fault);
    return this;
  }

  int sends() {
    return sends.get();
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<String, String> record) {
    return send(record, null);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
    Fault fault = faults.get(sends.incrementAndGet());
    if (fault instanceof Refuse) {
      throw new KafkaException("injected: send " + sends.get() + " refused");
    }
    if (fault instanceof Before before) {
      before.action().run();
    }
    Future<RecordMetadata> sent = delegate.send(record, callback);
    if (fault instanceof LoseAcknowledgement) {
      try {
        sent.get();
      } catch (ExecutionException e) {
        return sent;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException(e);
      }
      return CompletableFuture.failedFuture(
          new TimeoutException("injected: acknowledgement of send " + sends.get() + " lost"));
    }
    return sent;
  }

  @Override
  public void initTransactions() {
    delegate.initTransactions();
  }

  @Override
  public void beginTransaction() {
    delegate.beginTransaction();
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    delegate.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    delegate.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    delegate.abortTransaction();
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    delegate.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    delegate.unregisterMetricFromSubscription(metric);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }
}

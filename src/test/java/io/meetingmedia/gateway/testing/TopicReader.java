package io.meetingmedia.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A plain Kafka consumer reading whole topics from the beginning: what a downstream AI consumer would see. */
public final class TopicReader implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  /**
   * @param kafka  the broker
   * @param topics topics to read from offset 0
   */
  public TopicReader(KafkaCluster kafka, String... topics) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 128 * 1024 * 1024,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      // a topic created a moment ago may not be in the metadata yet
      List<org.apache.kafka.common.PartitionInfo> infos = org.awaitility.Awaitility.await("partitions of " + topic)
          .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)), found -> !found.isEmpty());
      infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls until at least {@code count} records were read in total, or fails after {@code timeout}. */
  public List<ConsumerRecord<String, byte[]>> readAtLeast(int count, Duration timeout) {
    return readUntil(all -> all.size() >= count, timeout);
  }

  /** Polls until the records read so far satisfy {@code done}, or fails after {@code timeout}. */
  public List<ConsumerRecord<String, byte[]>> readUntil(Predicate<List<ConsumerRecord<String, byte[]>>> done,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(records)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " with " + records.size() + " records: "
            + records.stream().map(r -> r.topic() + "/" + r.key() + "/" + header(r, "ce_type"))
                .collect(Collectors.joining(", ")));
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return List.copyOf(records);
  }

  /** Reads whatever arrives within {@code window}; for asserting that nothing (more) arrives. */
  public List<ConsumerRecord<String, byte[]>> readFor(Duration window) {
    long deadline = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    return List.copyOf(records);
  }

  /**
   * Hands each record to {@code each} without keeping it, until {@code count} were read; for topics too large to
   * hold in the test's heap.
   *
   * @return records read
   */
  public long stream(long count, Duration timeout, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long read = 0;
    while (read < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " with " + read + " of " + count + " records");
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        each.accept(r);
        read++;
      }
    }
    return read;
  }

  /** @return records in the topics so far (the sum of their partitions' end offsets), without reading them */
  public long endOffsetSum() {
    return consumer.endOffsets(consumer.assignment()).values().stream().mapToLong(Long::longValue).sum();
  }

  /** @return a header as UTF-8, or {@code null} */
  public static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}

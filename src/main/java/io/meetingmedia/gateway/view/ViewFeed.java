package io.meetingmedia.gateway.view;

import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.TenantConfig;
import io.meetingmedia.gateway.config.TopicsConfig;
import io.meetingmedia.gateway.kafka.KafkaClientSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back what the gateway wrote, with one Vert.x Kafka consumer per view server: still frames, fMP4 chunks,
 * fMP4 init segments and events, of the shared topics and of every tenant's prefixed topics. Partitions are
 * assigned directly (no consumer group, nothing committed). Events are read from the latest offset on, all the
 * time, so the bot directory is current when a browser connects; media partitions are paused while no browser
 * watches and jump to the latest record when the first one arrives, so an unwatched view costs nothing. The
 * compacted init topic is read from its beginning, since a browser joining a running MeetStream stream needs the
 * init segment written when it started.
 */
final class ViewFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ViewFeed.class);

  /** What a topic carries. */
  enum Kind { FRAMES, FMP4, FMP4_INIT, EVENTS }

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Map<String, Kind> topics = new LinkedHashMap<>();
  private final Set<TopicPartition> media = new HashSet<>();
  private KafkaConsumer<String, Buffer> consumer;
  private boolean mediaFlowing;

  ViewFeed(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
    List<TopicsConfig> all = new ArrayList<>();
    all.add(config.kafka().topics());
    for (TenantConfig tenant : config.tenants()) {
      all.add(tenant.topics(config.kafka().topics()));
    }
    for (TopicsConfig t : all) {
      topics.put(t.videoFrames(), Kind.FRAMES);
      topics.put(t.videoFmp4(), Kind.FMP4);
      topics.put(t.videoFmp4Init(), Kind.FMP4_INIT);
      topics.put(t.events(), Kind.EVENTS);
    }
  }

  /** Starts reading; media partitions stay paused until {@link #mediaWanted(boolean)}. */
  Future<Void> start(Consumer<KafkaConsumerRecord<String, Buffer>> handler) {
    Map<String, String> props = new HashMap<>(KafkaClientSettings.common(config.kafka()));
    props.put("client.id", config.kafka().clientId() + "-view");
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "latest");
    props.put("max.partition.fetch.bytes", Integer.toString(KafkaClientSettings.maxRecordBytes(config)));
    props.put("max.poll.records", "200");
    props.remove("group.id");
    consumer = KafkaConsumer.create(vertx, props, String.class, Buffer.class);
    consumer.exceptionHandler(e -> LOG.atWarn().addKeyValue("error", e.toString()).log("view consumer error"));
    consumer.handler(handler::accept);
    List<Future<Set<TopicPartition>>> lookups = new ArrayList<>();
    for (String topic : topics.keySet()) {
      lookups.add(consumer.partitionsFor(topic).map(infos -> {
        Set<TopicPartition> set = new LinkedHashSet<>();
        infos.forEach(i -> set.add(new TopicPartition(i.getTopic(), i.getPartition())));
        return set;
      }));
    }
    return Future.all(lookups).compose(done -> {
      Set<TopicPartition> assigned = new LinkedHashSet<>();
      Set<TopicPartition> init = new LinkedHashSet<>();
      for (Future<Set<TopicPartition>> f : lookups) {
        for (TopicPartition tp : f.result()) {
          assigned.add(tp);
          Kind kind = topics.get(tp.getTopic());
          if (kind == Kind.FRAMES || kind == Kind.FMP4) {
            media.add(tp);
          } else if (kind == Kind.FMP4_INIT) {
            init.add(tp);
          }
        }
      }
      return consumer.assign(assigned)
          .compose(v -> media.isEmpty() ? Future.succeededFuture() : consumer.pause(media))
          .compose(v -> init.isEmpty() ? Future.succeededFuture() : consumer.seekToBeginning(init))
          .onSuccess(v -> LOG.atInfo().addKeyValue("topics", topics.keySet()).addKeyValue("partitions", assigned.size())
              .log("live view reading Kafka"));
    });
  }

  /** @return what the topic carries, {@code null} if not ours */
  Kind kind(String topic) {
    return topics.get(topic);
  }

  /** Pauses media partitions when nobody watches; on the first viewer jumps to their latest records and resumes. */
  void mediaWanted(boolean wanted) {
    if (consumer == null || media.isEmpty() || wanted == mediaFlowing) {
      return;
    }
    mediaFlowing = wanted;
    if (wanted) {
      consumer.seekToEnd(media).compose(v -> consumer.resume(media));
    } else {
      consumer.pause(media);
    }
  }

  /** @return whether media records should be passed on (paused partitions may still deliver a fetched batch) */
  boolean mediaFlowing() {
    return mediaFlowing;
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }

  /** @return the headers of a record as strings (last value wins) */
  static Map<String, String> headers(KafkaConsumerRecord<String, Buffer> record) {
    Map<String, String> map = new HashMap<>();
    for (KafkaHeader h : record.headers()) {
      if (h.value() != null) {
        map.put(h.key(), h.value().toString());
      }
    }
    return map;
  }
}

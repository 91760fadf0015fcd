import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Saves every frame of meeting.video.frames as an image file, using only the record headers:
 * {@code out/<botId>/<participantId>/<seq>.<png|jpg>} (screenshare frames: {@code screenshare-<seq>.<ext>}).
 *
 * <pre>
 * java -cp kafka-clients-4.3.1.jar:slf4j-api-2.0.17.jar FrameConsumer.java \
 *     --bootstrap localhost:9092 [--topic meeting.video.frames] [--out out] [--group frame-saver] [--max N]
 * </pre>
 *
 * A plain Kafka consumer, nothing gateway-specific: any language works the same way. Frames are up to 16 MiB, so
 * the fetch limits are raised above the 1 MiB default.
 */
public final class FrameConsumer {
  private FrameConsumer() {
  }

  public static void main(String[] args) throws IOException {
    String bootstrap = option(args, "--bootstrap", "localhost:9092");
    String topic = option(args, "--topic", "meeting.video.frames");
    Path out = Path.of(option(args, "--out", "out"));
    String group = option(args, "--group", "frame-saver-" + UUID.randomUUID());
    long max = Long.parseLong(option(args, "--max", "-1"));

    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // a frame record can be 16 MiB + headers; the defaults (1 MiB per partition) would stall on it
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(32 * 1024 * 1024));
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");

    long saved = 0;
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      Thread main = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        consumer.wakeup();
        try {
          main.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      consumer.subscribe(List.of(topic));
      while (max < 0 || saved < max) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          Path file = save(out, record);
          saved++;
          System.out.println("saved " + file + " (" + record.value().length + " bytes, key " + record.key() + ")");
          if (max >= 0 && saved >= max) {
            break;
          }
        }
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      // Ctrl-C: leave the group cleanly
    }
    System.out.println(saved + " frames saved under " + out);
  }

  /** Writes one frame; the names come from the CloudEvents headers the gateway sets. */
  static Path save(Path out, ConsumerRecord<String, byte[]> record) throws IOException {
    String bot = safe(header(record, "ce_botid"));
    String participant = safe(header(record, "ce_participantid"));
    String seq = safe(header(record, "ce_seq"));
    String source = header(record, "ce_videosource");
    String type = header(record, "content-type");
    String ext = "image/jpeg".equals(type) ? "jpg" : "image/png".equals(type) ? "png" : "bin";
    String name = ("screenshare".equals(source) ? "screenshare-" : "") + seq + "." + ext;
    Path file = out.resolve(bot).resolve(participant).resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, record.value());
    return file;
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? "unknown" : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Ids come from vendors: keep them from escaping the output directory. */
  private static String safe(String segment) {
    String cleaned = segment.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.') ? "_" : cleaned;
  }

  private static String option(String[] args, String name, String def) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }
}

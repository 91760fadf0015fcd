package io.meetingmedia.gateway.simulator.engine;

import io.meetingmedia.gateway.envelope.MediaKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --send-log FILE}: one CSV line per media or event message sent, without a header, so a benchmark consumer
 * can join Kafka records to send times. Columns, in order ({@link #COLUMNS}):
 * {@code send_us} (epoch microseconds when the message was handed to the socket), {@code vendor}, {@code bot_id},
 * {@code participant_id}, {@code source} (webcam/screenshare, empty for non-video), {@code seq},
 * {@code payload_bytes} (decoded media bytes: the Kafka record value size), {@code kind} (the gateway's MediaKind,
 * lowercase) and {@code wire_bytes} (the WebSocket message size).
 *
 * <p>{@code seq} counts per (kind, bot, participant, source) per connection from 0, exactly as the gateway's
 * {@code ce_seq} does, so a record joins on topic + key ({@code bot:participant}) + {@code ce_videosource} +
 * {@code ce_seq}. Lines from all event loops go through one buffered writer.
 */
public final class SendLog implements AutoCloseable {
  /** The column names, for documentation and tools. */
  public static final String COLUMNS =
      "send_us,vendor,bot_id,participant_id,source,seq,payload_bytes,kind,wire_bytes";

  private final BufferedWriter writer;
  private final String vendor;
  private IOException failure;

  /**
   * @param file   the CSV file, created or truncated
   * @param vendor the vendor column value
   */
  public SendLog(Path file, String vendor) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write send log " + file, e);
    }
    this.vendor = vendor;
  }

  /** Appends one line; safe from any thread. */
  public void write(long sendMicros, String botId, String participantId, String source, long seq, int payloadBytes,
      MediaKind kind, int wireBytes) {
    String line = line(sendMicros, vendor, botId, participantId, source, seq, payloadBytes, kind, wireBytes);
    synchronized (this) {
      if (failure != null) {
        return;
      }
      try {
        writer.write(line);
        writer.write('\n');
      } catch (IOException e) {
        failure = e;
      }
    }
  }

  /** @return one CSV line, without the newline */
  public static String line(long sendMicros, String vendor, String botId, String participantId, String source,
      long seq, int payloadBytes, MediaKind kind, int wireBytes) {
    return sendMicros + "," + csv(vendor) + "," + csv(botId) + "," + csv(participantId) + "," + csv(source) + ","
        + seq + "," + payloadBytes + "," + kind.name().toLowerCase(Locale.ROOT) + "," + wireBytes;
  }

  private static String csv(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** Flushes and closes; reports a write failure that happened while sending. */
  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("send log incomplete", failure);
    }
  }
}

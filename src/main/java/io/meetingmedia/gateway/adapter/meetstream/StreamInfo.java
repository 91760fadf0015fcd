package io.meetingmedia.gateway.adapter.meetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code video_stream_start} says about the stream, normalized. Every field is optional: a start message with
 * an odd field must still reveal the bot id, or the whole stream would lose its key, so a field of the wrong type
 * is left out instead of refusing the message.
 *
 * @param codec           video codec, e.g. {@code h264}
 * @param audioCodec      audio codec, e.g. {@code aac}
 * @param container       container, e.g. {@code fmp4}
 * @param width           pixels
 * @param height          pixels
 * @param framerate       frames per second (may be fractional)
 * @param audioSampleRate Hz
 * @param audioBitrate    the bitrate as MeetStream writes it, e.g. {@code 128k}
 * @param audioBitrateBps the same in bits per second, when it can be read
 */
record StreamInfo(String codec, String audioCodec, String container, Long width, Long height, JsonNode framerate,
    Long audioSampleRate, String audioBitrate, Long audioBitrateBps) {
  private static final Pattern BITRATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmM]?)(?:bps)?");

  static StreamInfo from(JsonNode start) {
    JsonNode framerate = start.get("framerate");
    JsonNode bitrate = start.get("audio_bitrate");
    String bitrateText = bitrate == null ? null : bitrate.isTextual() ? bitrate.textValue()
        : bitrate.isNumber() ? bitrate.asText() : null;
    return new StreamInfo(text(start, "codec"), text(start, "audio_codec"), text(start, "container"),
        integer(start, "width"), integer(start, "height"),
        framerate != null && framerate.isNumber() ? framerate : null, integer(start, "audio_sample_rate"),
        bitrateText, bitsPerSecond(bitrateText));
  }

  /** Writes the known fields into an event's data, in the camelCase of the gateway's event schema. */
  void writeTo(ObjectNode data) {
    putIfKnown(data, "codec", codec);
    putIfKnown(data, "audioCodec", audioCodec);
    putIfKnown(data, "container", container);
    putIfKnown(data, "width", width);
    putIfKnown(data, "height", height);
    if (framerate != null) {
      data.set("framerate", framerate);
    }
    putIfKnown(data, "audioSampleRate", audioSampleRate);
    putIfKnown(data, "audioBitrate", audioBitrate);
    putIfKnown(data, "audioBitrateBps", audioBitrateBps);
  }

  /** Adds the video description to an envelope as CloudEvents attributes. */
  void describe(EnvelopeBuilder envelope) {
    envelope.attribute("codec", codec).attribute("width", width).attribute("height", height)
        .attribute("framerate", framerate == null ? null : framerate.asText());
  }

  private static void putIfKnown(ObjectNode data, String field, String value) {
    if (value != null) {
      data.put(field, value);
    }
  }

  private static void putIfKnown(ObjectNode data, String field, Long value) {
    if (value != null) {
      data.put(field, value);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : null;
  }

  private static Long integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
  }

  static Long bitsPerSecond(String bitrate) {
    if (bitrate == null) {
      return null;
    }
    Matcher m = BITRATE.matcher(bitrate.trim());
    if (!m.matches()) {
      return null;
    }
    double value = Double.parseDouble(m.group(1));
    switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k":
        value *= 1_000;
        break;
      case "m":
        value *= 1_000_000;
        break;
      default:
        break;
    }
    return Math.round(value);
  }
}

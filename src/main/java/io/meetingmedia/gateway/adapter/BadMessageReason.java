package io.meetingmedia.gateway.adapter;

import java.util.Locale;

/**
 * Why a vendor message was refused. The lowercase name is used as the metric label, the dead-letter header and
 * the log field, so it must stay stable.
 */
public enum BadMessageReason {
  /** The text is not JSON. */
  INVALID_JSON,
  /** JSON, but a required field is missing or has the wrong type. */
  WRONG_SHAPE,
  /** A field that should be base64 is not. */
  INVALID_BASE64,
  /** The decoded payload does not start with the magic bytes of its declared type. */
  MAGIC_MISMATCH,
  /** A binary message where the protocol expects text. */
  UNEXPECTED_BINARY,
  /** A text message where the protocol expects binary. */
  UNEXPECTED_TEXT,
  /** A message that is only valid after a handshake message that has not arrived. */
  MISSING_HELLO,
  /** A binary message shorter than its fixed header. */
  SHORT_HEADER,
  /** A well-formed message of a type the protocol does not define. */
  UNKNOWN_MESSAGE;

  /** @return the stable lowercase label */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

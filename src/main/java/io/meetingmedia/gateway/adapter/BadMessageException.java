package io.meetingmedia.gateway.adapter;

/**
 * Thrown by a vendor session for a message it cannot use. The connection answers it uniformly: dead-letter
 * topic, rate-limited log line, metric, and a 1007 close after too many in a row. The message must not contain
 * secrets or payload bytes.
 */
public final class BadMessageException extends Exception {
  private static final long serialVersionUID = 1L;
  private final BadMessageReason reason;

  /**
   * @param reason  the reason category
   * @param message a short human explanation, safe to log
   */
  public BadMessageException(BadMessageReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public BadMessageReason reason() {
    return reason;
  }
}

package io.meetingmedia.gateway.config;

/** Invalid configuration. The message names the key path and what is wrong, and never contains a secret value. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

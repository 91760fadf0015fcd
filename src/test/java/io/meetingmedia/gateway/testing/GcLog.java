package io.meetingmedia.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap as the JVM itself reports it at every collection ({@code -Xlog:gc}): what stayed live after a collection
 * is the memory a process really holds, while the heap before one also counts garbage not yet collected. Used to
 * check the documented memory bound against a gateway under load.
 */
public final class GcLog {
  private static final Pattern PAUSE = Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private final Path file;

  private GcLog(Path file) {
    this.file = file;
  }

  /** @return a GC log in a new temporary file */
  public static GcLog create() {
    try {
      return new GcLog(Files.createTempFile("gateway-gc", ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the JVM options that write this log */
  public List<String> jvmOptions() {
    return List.of("-Xlog:gc:file=" + file);
  }

  /** @return the largest heap in MiB left live after any collection so far, or -1 before the first */
  public long maxAfterGcMib() {
    return max(2);
  }

  /** @return the largest heap in MiB in use when any collection started */
  public long maxBeforeGcMib() {
    return max(1);
  }

  /** @return how many collections were full collections */
  public long fullCollections() {
    return lines().stream().filter(l -> l.contains("Pause Full")).count();
  }

  private long max(int group) {
    long max = -1;
    for (String line : lines()) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        max = Math.max(max, Long.parseLong(m.group(group)));
      }
    }
    return max;
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return file.toString();
  }
}

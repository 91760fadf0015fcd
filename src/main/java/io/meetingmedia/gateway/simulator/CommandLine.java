package io.meetingmedia.gateway.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a command line into {@code --name value}, {@code --name=value} and {@code --flag} options, in order, so
 * that {@link SimulatorOptions} only has to give them meaning. Errors are messages for the user.
 */
final class CommandLine {

  /**
   * @param name  the option without {@code --}
   * @param value its value, or {@code null} for a flag
   */
  record Option(String name, String value) {
  }

  private CommandLine() {
  }

  /**
   * @param args   the arguments
   * @param flags  options that take no value
   * @param valued options that need one
   * @return the options in the order given
   * @throws IllegalArgumentException for a stray argument, an unknown option or a missing or unexpected value
   */
  static List<Option> split(String[] args, Set<String> flags, Set<String> valued) {
    List<Option> options = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new IllegalArgumentException("--" + name + " takes no value");
        }
      } else if (!valued.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      } else if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      options.add(new Option(name, value));
    }
    return options;
  }
}

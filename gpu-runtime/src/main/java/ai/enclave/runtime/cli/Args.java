package ai.enclave.runtime.cli;

import ai.enclave.runtime.EngineException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one command: --name VALUE (repeatable where the command reads them all) and --name
 * switches, checked against the command's list of {@link Option}s. A misspelt option is an error, not a
 * silent default (--lerning-rate would otherwise train at the default rate), and the same list prints the
 * command's --help, defaults included, so the two cannot drift apart.
 */
final class Args {
    /**
     * One option of a command. value names what it takes ("N", "DIR"), null for a switch; fallback is
     * the default as one would type it, null when the option has none or the command works it out (the
     * help text then says how).
     */
    record Option(String name, String value, String fallback, String help) {
        static Option toggle(String name, String help) {
            return new Option(name, null, null, help);
        }

        static Option of(String name, String value, String help) {
            return new Option(name, value, null, help);
        }

        static Option of(String name, String value, String fallback, String help) {
            return new Option(name, value, fallback, help);
        }
    }

    private final String command;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Map<String, List<String>> values = new HashMap<>();

    Args(String command, String[] argv, int from, List<Option> known) {
        this.command = command;
        for (Option o : known) options.put(o.name(), o);
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) throw new EngineException("unexpected argument '" + a + "'");
            String name = a.substring(2);
            Option o = options.get(name);
            if (o == null) {
                throw new EngineException("unknown option " + a + " for " + command + " ('enclave " + command
                        + " --help' lists its options)");
            }
            String v = "true";
            if (o.value() != null) {
                if (i + 1 >= argv.length)
                    throw new EngineException("option " + a + " needs a value (" + o.value() + ")");
                v = argv[++i];
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
        }
    }

    /** Whether argv asks for help after its command: --help or -h anywhere. */
    static boolean wantsHelp(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) if (argv[i].equals("--help") || argv[i].equals("-h")) return true;
        return false;
    }

    /** The --help text of a command: its synopsis, then one line per option with its default. */
    static String help(String command, String synopsis, List<Option> options) {
        StringBuilder sb =
                new StringBuilder("usage: enclave ").append(command).append(' ').append(synopsis);
        sb.append("\n\noptions:\n");
        int width = 0;
        for (Option o : options) width = Math.max(width, label(o).length());
        for (Option o : options) {
            sb.append("  ")
                    .append(label(o))
                    .append(" ".repeat(width - label(o).length() + 3))
                    .append(o.help());
            if (o.fallback() != null)
                sb.append(" (default ").append(o.fallback()).append(')');
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String label(Option o) {
        return "--" + o.name() + (o.value() == null ? "" : " " + o.value());
    }

    boolean has(String name) {
        return values.containsKey(known(name).name());
    }

    String str(String name, String def) {
        List<String> v = values.get(known(name).name());
        return v == null ? def : v.getLast();
    }

    String required(String name) {
        String v = str(name, null);
        if (v == null) throw new EngineException("missing required option --" + name);
        return v;
    }

    List<String> all(String name) {
        return values.getOrDefault(known(name).name(), List.of());
    }

    /** The option's value, else its listed default. */
    int integer(String name) {
        return parseInteger(name, str(name, fallback(name)));
    }

    /** The option's value, else def (a default the command works out). */
    int integer(String name, int def) {
        String v = str(name, null);
        return v == null ? def : parseInteger(name, v);
    }

    /** The option's value, else its listed default. */
    float number(String name) {
        return parseNumber(name, str(name, fallback(name)));
    }

    private static int parseInteger(String name, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new EngineException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    private static float parseNumber(String name, String v) {
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new EngineException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    private String fallback(String name) {
        String f = known(name).fallback();
        if (f == null) throw new IllegalStateException("--" + name + " of " + command + " lists no default");
        return f;
    }

    /** The command's option of that name; reading one it does not list is a bug in the command. */
    private Option known(String name) {
        Option o = options.get(name);
        if (o == null) throw new IllegalStateException(command + " reads --" + name + " but does not list it");
        return o;
    }

    static int[] tokenIds(String text, String what) {
        String t = text.trim();
        if (t.isEmpty()) return new int[0];
        try {
            String[] parts = t.split("\\s+");
            int[] ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) ids[i] = Integer.parseInt(parts[i]);
            return ids;
        } catch (NumberFormatException e) {
            throw new EngineException(what
                    + " must be whitespace-separated token ids (text needs a tokenizer.json in the model directory)");
        }
    }
}

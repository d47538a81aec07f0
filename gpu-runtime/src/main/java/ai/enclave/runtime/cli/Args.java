package ai.enclave.runtime.cli;

import ai.enclave.runtime.EngineException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** --name value options (repeatable) and --flag switches; unknown or malformed ones are one clear error. */
final class Args {
    private final Map<String, List<String>> values = new HashMap<>();

    Args(String[] argv, int from, List<String> flags) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) throw new EngineException("unexpected argument '" + a + "'");
            String name = a.substring(2);
            if (flags.contains(name)) {
                values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else {
                if (i + 1 >= argv.length) throw new EngineException("option --" + name + " needs a value");
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(argv[++i]);
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String str(String name, String def) {
        List<String> v = values.get(name);
        return v == null ? def : v.getLast();
    }

    String required(String name) {
        String v = str(name, null);
        if (v == null) throw new EngineException("missing required option --" + name);
        return v;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int integer(String name, int def) {
        String v = str(name, null);
        try {
            return v == null ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new EngineException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    float number(String name, float def) {
        String v = str(name, null);
        try {
            return v == null ? def : Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new EngineException("--" + name + " must be a number, got '" + v + "'");
        }
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

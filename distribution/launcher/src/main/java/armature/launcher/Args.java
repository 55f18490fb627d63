package armature.launcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options and operands of one command line, checked against the options the command accepts: an
 * unknown option, a value option without its value or a flag with one is a {@link UsageException}.
 * {@code --} ends the options.
 */
final class Args {
    /** The operands, in order (the command words are not among them). */
    final List<String> positional = new ArrayList<>();

    private final Map<String, List<String>> options = new LinkedHashMap<>();

    /**
     * @param argv the words after the command words (options may also come before them)
     * @param accepted the options the command takes
     */
    static Args parse(List<String> argv, Collection<Option> accepted) {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : accepted) {
            byName.put(o.name(), o);
        }
        Args a = new Args();
        boolean optionsEnded = false;
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (optionsEnded || !s.startsWith("--")) {
                a.positional.add(s);
                continue;
            }
            if (s.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = s.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = byName.get(name);
            if (o == null) {
                throw new UsageException("unknown option --" + name + suggestion(name, byName));
            }
            if (!o.takesValue()) {
                if (value != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= argv.size() || argv.get(i + 1).startsWith("--")) {
                    throw new UsageException(
                            "option --" + name + " needs a value (" + o.valueName() + ")");
                }
                value = argv.get(++i);
            }
            List<String> values = a.options.computeIfAbsent(name, k -> new ArrayList<>());
            if (!o.repeatable()) {
                values.clear(); // the last one wins, as in most tools
            }
            values.add(value);
        }
        return a;
    }

    /**
     * The non-option words of a command line, reading {@code known} to tell a value option's value
     * from a word; an unknown option counts as a flag here (the strict parse reports it).
     */
    static List<String> words(List<String> argv, Map<String, Option> known) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (s.equals("--")) {
                words.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (!s.startsWith("--")) {
                words.add(s);
            } else if (s.indexOf('=') < 0) {
                Option o = known.get(s.substring(2));
                if (o != null && o.takesValue()) {
                    i++;
                }
            }
        }
        return words;
    }

    String get(String name, String fallback) {
        List<String> v = options.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    boolean flag(String name) {
        return "true".equals(get(name, null));
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    /** The options as given, in order, for a tool that parses them again. */
    List<String> asArguments(Collection<Option> accepted) {
        List<String> out = new ArrayList<>();
        for (Option o : accepted) {
            for (String v : options.getOrDefault(o.name(), List.of())) {
                out.add("--" + o.name());
                if (o.takesValue()) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    int intOption(String name, int fallback, int min, int max) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException(
                        "--" + name + " must be " + min + ".." + max + ", was " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, was '" + v + "'");
        }
    }

    /**
     * A finite number in {@code (minExclusive, max]}.
     *
     * @throws UsageException naming the option, the value and the range
     */
    double doubleOption(String name, double fallback, double minExclusive, double max) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, was '" + v + "'");
        }
        if (!Double.isFinite(d) || d <= minExclusive || d > max) {
            throw new UsageException(
                    "--" + name + " must be > " + minExclusive + " and <= " + max + ", was " + v);
        }
        return d;
    }

    String positional(int i, String what) {
        if (i >= positional.size()) {
            throw new UsageException("missing " + what);
        }
        return positional.get(i);
    }

    private static String suggestion(String name, Map<String, Option> accepted) {
        String best = null;
        int bestDistance = 3; // farther than two edits is not a typo
        for (String candidate : accepted.keySet()) {
            int d = distance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean --" + best + "?)";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A wrong command line; printed as one line with the command's usage, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}

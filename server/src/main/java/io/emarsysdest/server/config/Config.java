package io.emarsysdest.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.emarsysdest.core.validation.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolved settings. Each value comes from, in rising precedence: its default, the config file (YAML or JSON),
 * the environment variable, the command line. Loading checks everything and reports all problems at once.
 * Sections of the config file that hold data rather than settings ({@code dataMaps}, {@code rules},
 * {@code audiences}) are kept as JSON for the areas that own them.
 */
public final class Config {
    /** Top-level keys of the config file that carry data, not settings. */
    public static final List<String> DATA_SECTIONS = List.of("dataMaps", "rules", "audiences");

    private final Map<String, Object> values;
    private final Map<String, String> sources;
    private final Map<String, JsonNode> dataSections;
    private final List<Problem> problems;

    private Config(Map<String, Object> values, Map<String, String> sources, Map<String, JsonNode> dataSections,
                   List<Problem> problems) {
        this.values = values;
        this.sources = sources;
        this.dataSections = dataSections;
        this.problems = List.copyOf(problems);
    }

    /** @throws ConfigException listing every problem of the settings */
    public static Config load(Map<String, String> env, Path configFile, Map<String, String> overrides) {
        Config config = read(env, configFile, overrides);
        if (!config.problems.isEmpty()) throw new ConfigException(config.problems);
        return config;
    }

    /**
     * As {@link #load}, but a setting with a problem takes its default and the problem is kept in {@link #problems()}:
     * the start then checks every other stage too and reports all problems together (App, StartupChecks).
     */
    public static Config read(Map<String, String> env, Path configFile, Map<String, String> overrides) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> fromFile = new LinkedHashMap<>();
        Map<String, JsonNode> data = new LinkedHashMap<>();
        if (configFile != null) readFile(configFile, fromFile, data, problems);

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (SettingDef def : ConfigSchema.ALL) {
            String text = def.defaultValue();
            String source = "default";
            if (fromFile.containsKey(def.key())) {
                text = fromFile.remove(def.key());
                source = "config file";
            }
            String envValue = def.env() == null ? null : env.get(def.env());
            if (envValue != null && !envValue.isEmpty()) {
                text = envValue;
                source = "environment " + def.env();
            }
            if (overrides.containsKey(def.key())) {
                text = overrides.get(def.key());
                source = "command line";
            }
            sources.put(def.key(), source);
            if (text == null) continue;
            int before = problems.size();
            Object value = parse(def, text.trim(), source, problems);
            Optional<String> bad = value == null ? Optional.empty() : def.check().apply(value);
            if (bad.isPresent()) problems.add(new Problem(def.key(), "invalid", bad.get() + " (from " + source + ")"));
            if (problems.size() > before) {
                value = def.defaultValue() == null ? null : parse(def, def.defaultValue(), "default", new ArrayList<>());
                sources.put(def.key(), "default (the " + source + " value has a problem)");
            }
            if (value != null) values.put(def.key(), value);
        }
        for (String unknown : fromFile.keySet()) {
            problems.add(new Problem(unknown, "unknown_setting", "is not a known setting; see docs/configuration.md"));
        }
        return new Config(values, sources, data, problems);
    }

    /** Problems of the settings (empty when loaded with {@link #load}); those settings hold their defaults. */
    public List<Problem> problems() {
        return problems;
    }

    private static Object parse(SettingDef def, String text, String source, List<Problem> problems) {
        try {
            return switch (def.type()) {
                case STRING, SECRET -> text.isEmpty() ? null : text;
                case INT -> Integer.parseInt(text);
                case BOOLEAN -> {
                    if (text.equalsIgnoreCase("true") || text.equals("1") || text.equalsIgnoreCase("yes")) yield true;
                    if (text.equalsIgnoreCase("false") || text.equals("0") || text.equalsIgnoreCase("no")) yield false;
                    throw new IllegalArgumentException("not a boolean");
                }
                case DURATION -> parseDuration(text);
                case PATH -> Path.of(text);
                case LIST -> text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            };
        } catch (RuntimeException e) {
            problems.add(new Problem(def.key(), "wrong_type", "'" + (def.type() == SettingType.SECRET ? "***" : text)
                    + "' is not a valid " + def.type().name().toLowerCase() + " (from " + source + ")" + hint(def.type())));
            return null;
        }
    }

    private static String hint(SettingType type) {
        return switch (type) {
            case DURATION -> "; use an ISO-8601 duration like PT2H or P7D, or a number with a unit like 500ms, 30s, 5m, 2h, 7d";
            case BOOLEAN -> "; use true or false";
            case INT -> "; use a whole number";
            default -> "";
        };
    }

    /** ISO-8601 ({@code PT30S}, {@code P7D}) or a short form ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}). */
    static Duration parseDuration(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e);
            }
        }
        String lower = text.toLowerCase();
        String[][] units = {{"ms", "MILLIS"}, {"s", "SECONDS"}, {"m", "MINUTES"}, {"h", "HOURS"}, {"d", "DAYS"}};
        for (String[] u : units) {
            if (lower.endsWith(u[0])) {
                long n = Long.parseLong(lower.substring(0, lower.length() - u[0].length()).trim());
                return Duration.of(n, java.time.temporal.ChronoUnit.valueOf(u[1]));
            }
        }
        throw new IllegalArgumentException("no unit");
    }

    private static void readFile(Path file, Map<String, String> flat, Map<String, JsonNode> data, List<Problem> problems) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            problems.add(new Problem("config file", "unreadable", "cannot read " + file + ": " + e.getMessage()));
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) return;
        if (!root.isObject()) {
            problems.add(new Problem("config file", "not_an_object", file + " must hold a mapping of settings"));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (DATA_SECTIONS.contains(e.getKey())) data.put(e.getKey(), e.getValue());
            else flatten(e.getKey(), e.getValue(), flat);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            out.put(prefix, String.join(",", items));
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T get(String key) {
        if (!values.containsKey(key) && ConfigSchema.ALL.stream().noneMatch(d -> d.key().equals(key))) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return (T) values.get(key);
    }

    public String string(String key) {
        return get(key);
    }

    public int integer(String key) {
        return this.<Integer>get(key);
    }

    public boolean bool(String key) {
        return this.<Boolean>get(key);
    }

    public Duration duration(String key) {
        return get(key);
    }

    public Path path(String key) {
        return get(key);
    }

    public List<String> list(String key) {
        List<String> l = get(key);
        return l == null ? List.of() : l;
    }

    /** A data section of the config file ({@code dataMaps}, {@code rules}, {@code audiences}), if present. */
    public Optional<JsonNode> dataSection(String name) {
        return Optional.ofNullable(dataSections.get(name));
    }

    /**
     * One setting as the settings API shows it.
     *
     * @param value the value in the config file's notation (durations like {@code 50ms}, {@code 7d}), {@code ***}
     *              for a secret that is set, null when unset
     * @param source {@code default}, {@code config file}, {@code environment X} or {@code command line}
     */
    public record Shown(String key, String env, String type, String value, String defaultValue, String source,
                        String description) {
    }

    /** Every setting with its value (secrets masked), default, source and description, in the schema's order. */
    public List<Shown> shown() {
        List<Shown> out = new ArrayList<>();
        for (SettingDef def : ConfigSchema.ALL) {
            Object v = values.get(def.key());
            String value = v == null ? null : def.type() == SettingType.SECRET ? "***" : text(v);
            out.add(new Shown(def.key(), def.env(), def.type().name().toLowerCase(), value,
                    def.type() == SettingType.SECRET ? null : def.defaultValue(), sources.get(def.key()), def.description()));
        }
        return out;
    }

    private static String text(Object v) {
        if (v instanceof Duration d) {
            long ms = d.toMillis();
            if (ms == 0) return "0s";
            if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
            if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
            if (ms % 60_000 == 0) return ms / 60_000 + "m";
            if (ms % 1000 == 0) return ms / 1000 + "s";
            return ms + "ms";
        }
        if (v instanceof List<?> l) return String.join(",", l.stream().map(String::valueOf).toList());
        return String.valueOf(v);
    }

    /** Where each setting's value came from, secrets masked: for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (SettingDef def : ConfigSchema.ALL) {
            Object v = values.get(def.key());
            String shown = v == null ? "(unset)" : def.type() == SettingType.SECRET ? "***" : String.valueOf(v);
            out.put(def.key(), shown + " [" + sources.get(def.key()) + "]");
        }
        return out;
    }
}

package io.emarsysdest.server.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * One configurable setting: its key in the config file, its environment variable, type, default and a description
 * that the configuration reference prints.
 *
 * @param key          dotted key in the config file, e.g. {@code server.port}
 * @param env          environment variable that overrides the file, e.g. {@code PORT}
 * @param type         how the text is parsed
 * @param defaultValue the default as text, or null when there is none
 * @param description  what it does, for people
 * @param check        an extra check of the parsed value returning a problem sentence, or empty when fine
 */
public record SettingDef(String key, String env, SettingType type, String defaultValue, String description,
                         Function<Object, Optional<String>> check) {

    public static SettingDef of(String key, String env, SettingType type, String defaultValue, String description) {
        return new SettingDef(key, env, type, defaultValue, description, v -> Optional.empty());
    }

    public SettingDef checked(Function<Object, Optional<String>> newCheck) {
        return new SettingDef(key, env, type, defaultValue, description, newCheck);
    }
}

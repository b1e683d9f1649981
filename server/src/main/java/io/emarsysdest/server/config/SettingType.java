package io.emarsysdest.server.config;

/** How a setting's text is read. */
public enum SettingType {
    STRING, SECRET, INT, BOOLEAN, DURATION, PATH, LIST
}

package io.emarsysdest.core.identity;

/** How primary key values are normalised for matching. */
public enum KeyFormat {
    /** Trimmed and lower-cased: e-mail addresses that differ only in case are one person. */
    EMAIL,
    /** Trimmed only: for case-sensitive keys such as a customer number. */
    TEXT
}

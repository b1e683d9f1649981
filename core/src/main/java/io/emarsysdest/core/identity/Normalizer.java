package io.emarsysdest.core.identity;

import java.util.Locale;

/** Normalisation per identifier type: values that differ only by surrounding spaces (or e-mail case) match; TEXT and NUMBER keys are trimmed only. */
public final class Normalizer {
    private final KeyFormat keyFormat;

    public Normalizer(KeyFormat keyFormat) {
        this.keyFormat = keyFormat;
    }

    /** The value used for matching; never null for a non-null input. */
    public String normalize(IdType type, String raw) {
        String trimmed = raw.strip();
        if (type == IdType.PRIMARY_KEY && keyFormat == KeyFormat.EMAIL) return trimmed.toLowerCase(Locale.ROOT);
        return trimmed;
    }
}

package io.emarsysdest.core.datamap;

import java.util.Objects;

/** An Engage audience entry ({@code member} true) or exit (false) for the event's person. */
public record AudienceChange(String audienceKey, boolean member) {
    public AudienceChange {
        Objects.requireNonNull(audienceKey, "audienceKey");
    }
}

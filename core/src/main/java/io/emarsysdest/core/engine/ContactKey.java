package io.emarsysdest.core.engine;

import java.util.Objects;

/**
 * One Emarsys contact, by its key: the key field id ({@code key_id}, "3" for e-mail) and the key value as sent.
 */
public record ContactKey(String keyField, String keyValue) {
    public ContactKey {
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(keyValue, "keyValue");
    }
}

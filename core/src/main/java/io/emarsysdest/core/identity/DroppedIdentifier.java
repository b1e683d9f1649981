package io.emarsysdest.core.identity;

/**
 * An identifier of the event that linked nothing.
 *
 * @param source        the event field it came from
 * @param raw           the value as sent
 * @param reason        why it was dropped
 * @param otherPersonId the person it already belongs to, when keeping it would have meant a merge; else null
 * @param detail        for {@link DropReason#INVALID_KEY}: why the value cannot be a key, and the path it was read from; else null
 */
public record DroppedIdentifier(IdSource source, String raw, DropReason reason, Long otherPersonId, String detail) {
    public DroppedIdentifier(IdSource source, String raw, DropReason reason, Long otherPersonId) {
        this(source, raw, reason, otherPersonId, null);
    }

    /** True when dropping it refused a merge of two existing persons. */
    public boolean refusedMerge() {
        return otherPersonId != null && reason != DropReason.BLOCKED;
    }
}

package io.emarsysdest.sandbox;

import java.time.Instant;
import java.util.List;

/** A snapshot of a contact list: its members are internal contact ids in insertion order. */
public record SandboxList(long id, String name, String description, Instant created, List<Long> contactIds) {
}

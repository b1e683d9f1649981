package io.emarsysdest.sandbox;

import java.time.Instant;

/**
 * An external event. {@code connected=false} simulates an event that drives no program or email: triggers then get
 * 400/5005 (accounts without Interactions).
 */
public record SandboxEvent(int id, String name, Instant created, boolean connected) {
}

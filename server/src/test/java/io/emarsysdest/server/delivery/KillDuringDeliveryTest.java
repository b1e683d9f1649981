package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.testkit.FakeEmarsysGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.emarsysdest.server.delivery.DeliveryFixture.trigger;
import static io.emarsysdest.server.delivery.DeliveryFixture.upsert;
import static org.assertj.core.api.Assertions.assertThat;

/** SIGKILL a delivering process; a new one over the same file loses nothing and repeats only idempotent requests. */
class KillDuringDeliveryTest {
    @TempDir
    Path dir;

    @Test
    void aKilledDeliveryProcessLosesNoItemAndRepeatsOnlyWhatIsIdempotent() throws Exception {
        Path db = dir.resolve("state.db");
        Path log = dir.resolve("sent.log");
        DeliveryFixture fx = new DeliveryFixture(db);
        List<NewOutboxItem> items = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            items.add(upsert("u" + i, i + "@x"));
            items.add(trigger("trigger-" + i, i + "@x"));
        }
        fx.enqueue(items);
        Files.createFile(log);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillableDelivery.class.getName(), db.toString(), log.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            for (int i = 0; i < 3000 && Files.readAllLines(log).size() < 600; i++) Thread.sleep(10);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no clean stop
            child.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> sentBeforeKill = Files.readAllLines(log);
        assertThat(sentBeforeKill).as("the child was delivering (see child.out)").hasSizeGreaterThanOrEqualTo(600);
        assertThat(fx.stats().pending()).as("killed before it finished").isPositive();

        // a new process, once the dead one's leases have ended
        DeliveryFixture restarted = new DeliveryFixture(db);
        restarted.clock.advanceTo(Instant.now().plus(DeliverySettings.DEFAULTS.lease()).plusSeconds(1));
        FakeEmarsysGateway emarsys = new FakeEmarsysGateway();
        restarted.service(DeliverySettings.DEFAULTS, emarsys).runUntilIdle(restarted.pacer());

        Map<Long, String> triggerIdsBefore = new HashMap<>();
        for (String line : sentBeforeKill) {
            String[] parts = line.split(" ");
            triggerIdsBefore.put(Long.parseLong(parts[0]), parts[1]);
        }
        Set<Long> all = new HashSet<>(triggerIdsBefore.keySet());
        List<Long> repeated = new ArrayList<>();
        for (var d : emarsys.delivered()) {
            for (long id : d.item().sourceIds()) {
                if (!all.add(id)) {
                    repeated.add(id);
                    if (d.item().payload() != null && d.item().payload().has("trigger_id")) {
                        // a repeated trigger carries the same trigger_id, so Emarsys processes it once
                        assertThat(d.item().payload().get("trigger_id").asText()).isEqualTo(triggerIdsBefore.get(id));
                    }
                }
            }
        }
        assertThat(all).as("every item reached Emarsys").hasSize(3000);
        assertThat(restarted.stats().pending()).isZero();
        assertThat(restarted.stats().deadLetters()).isZero();
        // only what was in flight or sent but not yet settled at the kill is repeated: at most a round per worker
        assertThat(repeated.size()).isLessThanOrEqualTo(2 * 200);
    }

    @Test
    void aKilledNodeThatStartsAgainTakesBackItsOwnClaimsAtOnceWhileAnotherNodeWaitsForTheirLease() throws Exception {
        Path db = dir.resolve("state.db");
        Path log = dir.resolve("sent.log");
        DeliveryFixture fx = new DeliveryFixture(db);
        List<NewOutboxItem> items = new ArrayList<>();
        for (int i = 0; i < 1500; i++) items.add(upsert("u" + i, i + "@x"));
        fx.enqueue(items);
        Files.createFile(log);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillableDelivery.class.getName(), db.toString(), log.toString(), "node-1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            for (int i = 0; i < 3000 && Files.readAllLines(log).size() < 300; i++) Thread.sleep(10);
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllLines(log)).as("the child was delivering (see child.out)").hasSizeGreaterThanOrEqualTo(300);

        // right after the kill, well within the lease of the items the dead process held
        DeliveryFixture restarted = new DeliveryFixture(db);
        restarted.clock.advanceTo(Instant.now());
        FakeEmarsysGateway other = new FakeEmarsysGateway();
        DeliveryService otherNode = restarted.service(DeliverySettings.DEFAULTS, other, "node-2");
        assertThat(otherNode.takeBackOwnClaims()).isZero();
        otherNode.runUntilIdle(restarted.pacer());
        long held = restarted.stats().pending();
        assertThat(held).as("another node leaves node-1's claims to their lease").isPositive();

        FakeEmarsysGateway emarsys = new FakeEmarsysGateway();
        DeliveryService sameNode = restarted.service(DeliverySettings.DEFAULTS, emarsys, "node-1");
        assertThat(sameNode.takeBackOwnClaims()).isEqualTo(held);
        sameNode.runUntilIdle(restarted.pacer());
        assertThat(restarted.stats().pending()).as("node-1 sends them without waiting for the lease").isZero();
        assertThat(restarted.clock.instant()).isBefore(Instant.now().plus(DeliverySettings.DEFAULTS.lease()));
    }
}

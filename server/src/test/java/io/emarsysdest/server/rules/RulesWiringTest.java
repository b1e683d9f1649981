package io.emarsysdest.server.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.RuleAction;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleLimits;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.store.rules.JdbcRuleStateStore;
import io.emarsysdest.store.rules.RuleBatch;
import io.emarsysdest.store.rules.RuleImport;
import io.emarsysdest.store.rules.JdbcRuleRepository;
import io.emarsysdest.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the processor wires the rules together (an executable example): rules imported from config, events through
 * RuleBatch in the processing transaction, timers fired by TimerService into a sink that uses RuleBatch too, across
 * a restart.
 */
class RulesWiringTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String CONFIG = """
            {"rules":[{"id":"abandoned-browse",
              "entry":{"event":{"type":"track","name":"Product Viewed"},"correlateBy":"properties.product_id"},
              "steps":[{"id":"no_order","kind":"absence","within":{"duration":"PT2H"},"event":{"type":"track","name":"Order Completed"}}],
              "time":{"grace":"PT5M"},
              "action":{"externalEventId":77,"data":{"product":"{{entry.properties.name}}"}}}]}
            """;

    @TempDir
    Path dir;

    @Test
    void an_absence_fires_once_on_the_wall_clock_across_a_restart() throws Exception {
        DataSource db = StateDb.create(dir);
        RuleEngine engine = new RuleEngine(RuleLimits.DEFAULT, false);
        RuleParser parser = new RuleParser();
        AtomicReference<RuleSet> rules = new AtomicReference<>();
        List<RuleAction> outbox = new ArrayList<>();

        // start-up: rules from the config file, then the active rule set
        try (Connection tx = db.getConnection()) {
            tx.setAutoCommit(false);
            new RuleImport(parser).importAll(tx, JSON.readTree(CONFIG), T0);
            rules.set(new JdbcRuleRepository(tx).loadRuleSet(parser));
            tx.commit();
        }

        // the processor: one transaction per batch of events
        ObjectNode body = (ObjectNode) JSON.readTree("{\"type\":\"track\",\"event\":\"Product Viewed\",\"properties\":{\"product_id\":\"p9\",\"name\":\"Boots\"}}");
        Event viewed = new Event(1, "m1", EventType.TRACK, "u1", null, T0, T0, null, T0, body);
        try (Connection tx = db.getConnection()) {
            tx.setAutoCommit(false);
            RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules.get());
            outbox.addAll(batch.onEvent(PersonContext.of("person-1"), viewed, T0));
            assertThat(batch.flush(T0)).contains(T0.plus(Duration.ofMinutes(125)));
            tx.commit();
        }

        // the timer sink: the same per-person transaction shape
        TimerSink sink = due -> {
            try (Connection tx = db.getConnection()) {
                tx.setAutoCommit(false);
                RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules.get());
                for (RuleTimer t : due) outbox.addAll(batch.onTimer(PersonContext.of(t.personId()), t, T0.plus(Duration.ofHours(3))));
                batch.flush(T0.plus(Duration.ofHours(3)));
                tx.commit();
            }
        };
        ManualClock clock = new ManualClock(T0.plus(Duration.ofMinutes(124)));
        try (TimerService timers = new TimerService(db, sink, clock, TimerServiceConfig.DEFAULT, new SimpleMeterRegistry())) {
            assertThat(timers.fireDue()).isZero(); // not yet due: the process "stops" here
        }
        clock.set(T0.plus(Duration.ofHours(3))); // restarted an hour later
        try (TimerService timers = new TimerService(db, sink, clock, TimerServiceConfig.DEFAULT, new SimpleMeterRegistry())) {
            assertThat(timers.fireDue()).isEqualTo(1);
            assertThat(timers.fireDue()).isZero();
        }
        assertThat(outbox).singleElement().satisfies(a -> {
            assertThat(a.externalEventId()).isEqualTo(77L);
            assertThat(a.personId()).isEqualTo("person-1");
            assertThat(a.payload().toString())
                    .isEqualTo("{\"data\":{\"product\":\"Boots\"},\"event_time\":\"2026-11-23T12:00:00.000Z\",\"trigger_id\":\"abandoned-browse:1:p9:m1\"}");
        });
    }
}

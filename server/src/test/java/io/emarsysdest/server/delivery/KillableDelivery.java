package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;

/**
 * A delivery process to be killed: delivers from the state file given as the first argument and writes every item
 * it "sends to Emarsys" (outbox id and trigger_id) to the log file given as the second, before the answer. An
 * optional third argument is the node identity its claims carry.
 */
public final class KillableDelivery {
    public static void main(String[] args) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + args[0]);
        FileOutputStream log = new FileOutputStream(args[1], true); // unbuffered: what is written survives a kill
        EmarsysGateway emarsys = batch -> {
            StringBuilder lines = new StringBuilder();
            for (BatchItem item : batch.items()) {
                String triggerId = item.payload() != null && item.payload().has("trigger_id")
                        ? item.payload().get("trigger_id").asText() : "-";
                for (long id : item.sourceIds()) lines.append(id).append(' ').append(triggerId).append('\n');
            }
            try {
                synchronized (log) {
                    log.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                }
                Thread.sleep(5);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new BatchOutcome.Answered(Collections.nCopies(batch.items().size(), BatchOutcome.ItemOutcome.DELIVERED));
        };
        DeliverySettings settings = DeliverySettings.DEFAULTS.withClaimLimit(200).withMaxItemsPerRequest(50)
                .withRequestsPerMinute(1_000_000);
        DeliveryService service = new DeliveryService(settings, new JdbcOutboxRepository(ds), Map.of("acc", emarsys),
                Clock.systemUTC(), new SimpleMeterRegistry(), new java.util.SplittableRandom(), args.length > 2 ? args[2] : null);
        service.start();
        service.wakeUp();
        Thread.sleep(Long.MAX_VALUE);
    }
}

package io.emarsysdest.server.e2e;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The official analytics-java client, unchanged, pointed at the service (it posts to /v1/import/ with the key in the body). */
class SegmentJavaClientTest {
    @TempDir
    Path dir;

    @Test
    void theOfficialJavaClientDeliversItsEventsUnchanged() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            CountDownLatch done = new CountDownLatch(3);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Analytics analytics = Analytics.builder(TestServer.KEY)
                    .endpoint(server.baseUrl())
                    .flushQueueSize(3)
                    .callback(new Callback() {
                        @Override
                        public void success(Message message) {
                            done.countDown();
                        }

                        @Override
                        public void failure(Message message, Throwable throwable) {
                            failures.add(throwable);
                            done.countDown();
                        }
                    })
                    .build();
            analytics.enqueue(IdentifyMessage.builder().userId("user-00001")
                    .traits(Map.of("email", "jane@example.com", "firstName", "Jane", "lastName", "Doe1")));
            analytics.enqueue(TrackMessage.builder("Order Completed").userId("user-00001")
                    .properties(Map.of("order_id", "ord-00002", "revenue", 42.5, "currency", "EUR")));
            analytics.enqueue(PageMessage.builder("Pricing").anonymousId("anon-1"));
            analytics.flush();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            analytics.shutdown();
            assertThat(failures).isEmpty();

            List<Event> events = server.app().eventLog().readAfter(0, 10);
            assertThat(events).extracting(Event::type).containsExactly(EventType.IDENTIFY, EventType.TRACK, EventType.PAGE);
            Event track = events.get(1);
            assertThat(track.name()).isEqualTo("Order Completed");
            assertThat(track.properties().path("revenue").asDouble()).isEqualTo(42.5);
            assertThat(track.context().path("library").path("name").asText()).isEqualTo("analytics-java");
            assertThat(track.sentAt()).isNotNull();
            assertThat(events.get(0).traits().path("email").asText()).isEqualTo("jane@example.com");
        }
    }
}

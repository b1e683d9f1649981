package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.emarsys.EmarsysSettings;
import io.emarsysdest.emarsys.HttpEmarsysGateway;
import io.emarsysdest.emarsys.WsseAuthenticator;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.RecordedRequest;
import io.emarsysdest.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.emarsysdest.server.delivery.DeliveryFixture.upsert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account whose real budget is far below the configured one: Emarsys says so in X-RateLimit-Limit,
 * X-Ratelimit-Remaining and X-RateLimit-Reset on every answer, and delivery learns it from the first answer, so no
 * request is wasted on a 429 (every 429 costs a request of a scarce budget).
 */
class RateLimitLearningTest {
    @TempDir
    Path dir;

    private EmarsysSandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) sandbox.close();
    }

    @Test
    void withEmarsysAllowing20RequestsAMinuteAndTheServiceConfiguredFor1000NoRequestGetsA429() {
        DeliveryFixture fx = new DeliveryFixture(dir.resolve("state.db"));
        // the clock starts mid-minute, so the sandbox's fixed window resets while the backlog drains
        fx.clock.advance(Duration.ofSeconds(37));
        sandbox = EmarsysSandbox.start(0, fx.clock, SandboxOptions.defaults().withRequestsPerMinute(20));
        EmarsysSettings s = EmarsysSettings.wsse(sandbox.baseUrlV2(), SandboxOptions.DEFAULT_USER, SandboxOptions.DEFAULT_SECRET);
        EmarsysClient client = new EmarsysClient(s, EmarsysClient.httpClient(s),
                new WsseAuthenticator(s.user(), s.secret(), fx.clock, new SplittableRandom(5)), fx.clock, null);
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS.withRequestsPerMinute(1000).withMaxItemsPerRequest(10)
                .withClaimLimit(50), new HttpEmarsysGateway(client, fx.clock));
        client.onRateLimit(r -> service.rateLimitReported("acc", r.limit(), r.remaining(), r.reset()));

        List<NewOutboxItem> items = new ArrayList<>();
        for (int i = 0; i < 600; i++) items.add(upsert("u" + i, "c" + i + "@example.com"));
        fx.enqueue(items);
        for (int i = 0; i < 10_000 && fx.stats().pending() > 0; i++) {
            service.runUntilIdle(fx.pacer());
            if (fx.stats().pending() > 0) fx.clock.advance(Duration.ofSeconds(1));
        }

        assertThat(fx.stats().pending()).as("queue drained").isZero();
        List<RecordedRequest> requests = sandbox.requests();
        assertThat(requests).extracting(RecordedRequest::status).as("no request refused").containsOnly(200);
        assertThat(requests).hasSize(60);
        assertThat(service.status().accounts()).singleElement().satisfies(a -> {
            assertThat(a.requestsPerMinute()).as("the budget learned").isEqualTo(20);
            assertThat(a.emarsysRequestsPerMinute()).isEqualTo(20);
        });
        // and it used the budget: 60 requests at 20 a minute take about three windows, not much more
        Duration took = Duration.between(requests.get(0).at(), requests.get(requests.size() - 1).at());
        assertThat(took).isLessThan(Duration.ofMinutes(3));
    }
}

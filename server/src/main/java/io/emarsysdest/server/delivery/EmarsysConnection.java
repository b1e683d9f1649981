package io.emarsysdest.server.delivery;

import io.emarsysdest.core.validation.ValidationException;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.emarsys.EmarsysSettings;
import io.emarsysdest.emarsys.HttpEmarsysGateway;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.SandboxOptions;
import io.emarsysdest.server.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Map;

/**
 * The Emarsys account the service delivers to: the configured one, or, when no credentials are set, an embedded
 * Emarsys sandbox (clearly logged) so a new user sees the whole flow without an Emarsys account.
 */
public final class EmarsysConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmarsysConnection.class);

    private final EmarsysSettings settings;
    private final EmarsysClient client;
    private final HttpEmarsysGateway gateway;
    private final EmarsysSandbox sandbox;

    private EmarsysConnection(EmarsysSettings settings, EmarsysClient client, HttpEmarsysGateway gateway, EmarsysSandbox sandbox) {
        this.settings = settings;
        this.client = client;
        this.gateway = gateway;
        this.sandbox = sandbox;
    }

    public static EmarsysSettings settings(Config config) {
        return new EmarsysSettings(config.string("emarsys.apiBase"), config.string("emarsys.user"), config.string("emarsys.secret"),
                config.string("emarsys.clientId"), config.string("emarsys.clientSecret"), config.string("emarsys.tokenUrl"),
                config.duration("emarsys.connectTimeout"), config.duration("emarsys.requestTimeout"), config.string("emarsys.account"));
    }

    /** Delivery settings: the documented defaults with the configurable ones from the config. */
    public static DeliverySettings deliverySettings(Config config) {
        DeliverySettings d = DeliverySettings.DEFAULTS;
        return new DeliverySettings(config.integer("delivery.requestsPerMinute"), config.duration("delivery.linger"), d.claimLimit(),
                config.integer("delivery.maxConcurrentRequests"), d.workersPerAccount(), d.lease(), d.idlePoll(), config.duration("delivery.retryBase"),
                config.duration("delivery.retryCap"), config.duration("delivery.maxAge"), d.jitter(), d.rateLimitPause(),
                d.errorPauseBase(), d.errorPauseCap(), d.maxItemsPerRequest(), d.maxUpsertBytes(), d.maxTriggerBytes(),
                d.maxOtherBytes(), d.deliveredRetention(), d.purgeInterval(), d.stopTimeout());
    }

    public static EmarsysConnection open(Config config, InstantSource clock, MeterRegistry registry) {
        EmarsysSettings settings = settings(config);
        EmarsysSandbox sandbox = null;
        if (!settings.isConfigured() && settings.user() == null && settings.clientId() == null) {
            sandbox = EmarsysSandbox.start(config.integer("emarsys.sandboxPort"), clock, SandboxOptions.defaults().withAutoCreate(true)
                    .withRequestsPerMinute(config.integer("emarsys.sandboxRequestsPerMinute")));
            settings = EmarsysSettings.wsse(sandbox.baseUrlV2(), SandboxOptions.DEFAULT_USER, SandboxOptions.DEFAULT_SECRET)
                    .withAccountName(settings.accountName());
            log.warn("No Emarsys credentials configured: delivering to the EMBEDDED EMARSYS SANDBOX at {} "
                    + "(see what it received at {}sandbox/requests). Set EMARSYS_CLIENT_ID/EMARSYS_CLIENT_SECRET "
                    + "or EMARSYS_USER/EMARSYS_SECRET to deliver to Emarsys.", sandbox.baseUrlV2(), sandbox.baseUrl());
        } else if (!settings.validate().isEmpty()) {
            throw new ValidationException("Emarsys settings", settings.validate());
        }
        EmarsysClient client = EmarsysClient.create(settings, clock, registry);
        HttpEmarsysGateway gateway = new HttpEmarsysGateway(Map.of(settings.accountName(), client), clock);
        return new EmarsysConnection(settings, client, gateway, sandbox);
    }

    public EmarsysClient client() {
        return client;
    }

    public HttpEmarsysGateway gateway() {
        return gateway;
    }

    public String account() {
        return settings.accountName();
    }

    /** The embedded sandbox, when the service runs without Emarsys credentials; else null. */
    public EmarsysSandbox sandbox() {
        return sandbox;
    }

    @Override
    public void close() {
        if (sandbox != null) sandbox.close();
    }
}

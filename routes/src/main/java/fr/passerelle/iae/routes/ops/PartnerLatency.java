package fr.passerelle.iae.routes.ops;

import java.time.Duration;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Latency of partner calls as Prometheus timers ({@code passerelle_partner_latency_seconds{partner="…"}}). */
@Component
public class PartnerLatency {

    private final MeterRegistry registry;

    public PartnerLatency(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The observer a partner client calls with the duration of each exchange. */
    public Consumer<Duration> of(String partner) {
        Timer timer = Timer.builder("passerelle.partner.latency").tag("partner", partner)
                .description("Duration of calls to the partner").publishPercentileHistogram().register(registry);
        return timer::record;
    }
}

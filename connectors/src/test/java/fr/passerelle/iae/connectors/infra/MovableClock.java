package fr.passerelle.iae.connectors.infra;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock frozen at a chosen instant, or the real time (DOMAIN: "today" comes from an injected Clock). */
public final class MovableClock extends Clock {
    private final AtomicReference<Instant> frozen = new AtomicReference<>();

    public void set(Instant instant) {
        frozen.set(instant);
    }

    /** Back to the real time. */
    public void reset() {
        frozen.set(null);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant fixed = frozen.get();
        return fixed == null ? Instant.now() : fixed;
    }
}

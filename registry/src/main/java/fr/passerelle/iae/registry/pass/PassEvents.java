package fr.passerelle.iae.registry.pass;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.PassEvent;
import fr.passerelle.iae.events.PassEventType;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.rules.PassDates;
import fr.passerelle.iae.registry.rules.PassStatus;

/** Records what happened to a PASS: its history line and its event in the outbox, in the caller's transaction. */
@Component
public class PassEvents {

    private final Outbox outbox;
    private final PassStore store;
    private final Clock clock;

    public PassEvents(Outbox outbox, PassStore store, Clock clock) {
        this.outbox = outbox;
        this.store = store;
        this.clock = clock;
    }

    /** A builder pre-filled with the envelope and the PASS's current state. */
    public PassEvent.Builder about(PassEventType type, PassRow pass, String status) {
        UUID eventId = UUID.randomUUID();
        return PassEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(clock.instant())
                .setType(type)
                .setPassNumber(pass.number())
                .setStartDate(pass.startDate())
                .setEndDate(pass.endDate())
                .setStatus(status)
                .setOrigin(pass.origin())
                .setPersonId(pass.personId())
                .setEmployerSiret(pass.originSiret())
                .setEmployerKind(pass.originKind());
    }

    public PassEvent.Builder about(PassEventType type, PassRow pass) {
        return about(type, pass, statusOf(pass).name());
    }

    public PassStatus statusOf(PassRow pass) {
        LocalDate today = BusinessDate.today(clock);
        return PassDates.status(pass.startDate(), pass.endDate(), store.suspensionsOf(pass.number()), today);
    }

    /** The history line and the outbox row in one statement: one round trip per event on the issuance path. */
    public void record(PassEvent event) {
        outbox.append(Outbox.PASS_EVENTS, event.getPassNumber(), event.getType().name(), event.getEventId(), event,
                "INSERT INTO pass_history (pass_number, at, event) VALUES (?, ?, ?)",
                event.getPassNumber(), Timestamp.from(event.getOccurredAt()), event.getType().name());
    }
}

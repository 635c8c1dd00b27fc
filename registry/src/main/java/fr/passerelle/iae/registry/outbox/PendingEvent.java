package fr.passerelle.iae.registry.outbox;

import java.util.UUID;

/** An outbox row waiting for the relay. */
public record PendingEvent(long id, UUID eventId, String topic, String key, String type, byte[] payload) {
}

package fr.passerelle.iae.registry.idempotency;

/** The first answer given to an idempotency key: replayed as is (same status, same body). */
public record StoredAnswer(int status, String body) {
}

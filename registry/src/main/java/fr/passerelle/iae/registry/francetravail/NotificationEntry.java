package fr.passerelle.iae.registry.francetravail;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A PASS (or cancelled PASS) due for its France Travail notification, with what both calls need: origin
 * snapshot (PASS-28; for a migrated agrément, the employer of its latest hire) and the person's identity, with
 * their birth name when a linked agrément gave it (null otherwise).
 *
 * @param maybeInstalled an earlier attempt of {@code maj-pass-iae} for these dates ended without a known outcome
 *                       (PARTNERS §3.5): France Travail may have installed the follow-up then
 */
public record NotificationEntry(Kind kind, String number, LocalDate start, LocalDate end, String siret, String employerKind,
                                String sender, String prescriberKind, UUID personId, String nir, LocalDate birthDate,
                                String lastName, String firstName, String birthName, String nationalId, String status,
                                boolean maybeInstalled) {

    public enum Kind {
        PASS("pass"), CANCELLED("cancelled_pass");

        final String table;

        Kind(String table) {
            this.table = table;
        }
    }

    public boolean cancelled() {
        return kind == Kind.CANCELLED;
    }

    @Override
    public String toString() {
        // ID-10: entries end up in logs
        return "NotificationEntry[" + kind + " " + number + ", " + status + "]";
    }
}

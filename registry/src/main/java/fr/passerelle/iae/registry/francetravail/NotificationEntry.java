package fr.passerelle.iae.registry.francetravail;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A PASS (or cancelled PASS) due for its France Travail notification, with what both calls need: origin
 * snapshot (PASS-28; for a migrated agrément, the employer of its latest hire) and the person's identity, with
 * their birth name when a linked agrément gave it (null otherwise).
 */
public record NotificationEntry(Kind kind, String number, LocalDate start, LocalDate end, String siret, String employerKind,
                                String sender, String prescriberKind, UUID personId, String nir, LocalDate birthDate,
                                String lastName, String firstName, String birthName, String nationalId, String status) {

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

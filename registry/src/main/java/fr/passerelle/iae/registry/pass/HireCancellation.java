package fr.passerelle.iae.registry.pass;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RequestFields;
import fr.passerelle.iae.events.PassEventType;
import fr.passerelle.iae.registry.RegistryTransaction;
import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.identity.PassNumber;
import fr.passerelle.iae.mappings.identity.Siret;
import fr.passerelle.iae.registry.rules.PassStatus;

/** Cancelling a hire (DOMAIN §1.7): the PASS leaves the registry when no other hire holds it, its number retired. */
@Component
public class HireCancellation {

    public record CancellationRequest(String siret, String reason) {
    }

    public record Cancelled(String number, PassStatus status) {
    }

    private final JdbcClient jdbc;
    private final PassStore passes;
    private final PassEvents events;
    private final Clock clock;
    private final RegistryTransaction transaction;

    public HireCancellation(JdbcClient jdbc, PassStore passes, PassEvents events, Clock clock,
                            RegistryTransaction transaction) {
        this.jdbc = jdbc;
        this.passes = passes;
        this.events = events;
        this.clock = clock;
        this.transaction = transaction;
    }

    public Cancelled cancel(String rawNumber, CancellationRequest request) {
        String number = PassNumber.parse(rawNumber, "number").orThrow().value();
        RequestFields.required(request, "body");
        Siret siret = Siret.parse(RequestFields.requiredText(request.siret(), "siret"), "siret").orThrow();
        return transaction.run(() -> {
            PassRow pass = passes.lock(number).orElseThrow(() -> PassNotFound.of(number));
            List<UUID> hires = jdbc.sql("SELECT id FROM hire WHERE pass_number = ? AND siret = ? AND cancelled_at IS NULL "
                            + "ORDER BY accepted_at DESC")
                    .params(number, siret.value())
                    .query(UUID.class).list();
            if (hires.isEmpty()) {
                throw new RejectedException("PASS-50", "CANCELLATION_NOT_ALLOWED", "siret",
                        "Aucune embauche en cours de cette structure n'utilise ce PASS IAE.");
            }
            UUID hire = hires.get(0);
            // a fiche in an upload file being written counts as exchanged: ASP may already have it (PARTNERS §1.2)
            boolean exchanged = jdbc.sql("""
                    SELECT count(*) FROM fiche_salarie f WHERE f.hire_id = ? AND (f.ever_sent OR EXISTS (
                        SELECT 1 FROM asp_upload_line l JOIN asp_upload u ON u.id = l.upload_id AND u.status IN ('PREPARED', 'WRITING')
                        WHERE l.fiche_id = f.id))""")
                    .param(hire).query(Long.class).single() > 0;
            if (exchanged) {
                throw new RejectedException("PASS-50", "CANCELLATION_NOT_ALLOWED", null,
                        "Une fiche salarié de cette embauche a déjà été transmise à l'ASP : l'embauche ne peut plus être annulée.");
            }
            jdbc.sql("DELETE FROM fiche_salarie WHERE hire_id = ? AND status IN ('NEW', 'READY')").param(hire).update(); // PASS-51
            jdbc.sql("UPDATE hire SET cancelled_at = ?, cancel_reason = ? WHERE id = ?")
                    .params(Timestamp.from(clock.instant()), request.reason(), hire).update();
            long others = jdbc.sql("SELECT count(*) FROM hire WHERE pass_number = ? AND cancelled_at IS NULL")
                    .param(number).query(Long.class).single();
            if (others > 0) {
                return new Cancelled(number, events.statusOf(pass));
            }
            retire(pass, request.reason());
            return new Cancelled(number, PassStatus.CANCELLED);
        });
    }

    /** PASS-52: moves the PASS to the cancelled-PASS registry with the identity it had. */
    private void retire(PassRow pass, String reason) {
        jdbc.sql("""
                INSERT INTO cancelled_pass (number, person_id, start_date, end_date, origin, last_name, first_name, nir, birth_date,
                    ft_national_id, origin_siret, origin_kind, origin_sender, origin_prescriber_kind, origin_prescriber_authorized,
                    reason, cancelled_at)
                SELECT p.number, p.person_id, p.start_date, p.end_date, p.origin, s.last_name, s.first_name, s.nir, s.birth_date,
                    s.ft_national_id, p.origin_siret, p.origin_kind, p.origin_sender, p.origin_prescriber_kind,
                    p.origin_prescriber_authorized, ?, ?
                FROM pass p JOIN person s ON s.id = p.person_id WHERE p.number = ?""")
                .params(reason, Timestamp.from(clock.instant()), pass.number())
                .update();
        jdbc.sql("DELETE FROM pass WHERE number = ?").param(pass.number()).update();
        // the event keeps the real dates; the France Travail notification sends start = end itself (PASS-54)
        events.record(events.about(PassEventType.PassCancelled, pass, PassStatus.CANCELLED.name()).build());
    }
}

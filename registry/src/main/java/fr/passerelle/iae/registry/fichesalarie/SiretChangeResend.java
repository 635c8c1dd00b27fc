package fr.passerelle.iae.registry.fichesalarie;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.outbox.OutboxReaction;

/**
 * EMP-25: fiches salarié integrated by ASP keep the SIRET they were sent with; when the structure's SIRET changes they
 * are sent again with the new one ({@code PROCESSED → READY}, PARTNERS §1.8). Only a change ASP made (conventionnement
 * feed): ASP knows the structure by that SIRET, not by one SIRENE gave (EMP-40).
 */
@Component
@Order(1)   // before HiresAwaitingConvention, whose new fiches take the new SIRET
public class SiretChangeResend implements OutboxReaction<EmployerEvent> {

    private final JdbcClient jdbc;
    private final FicheSalarieJournal journal;
    private final Clock clock;

    public SiretChangeResend(JdbcClient jdbc, FicheSalarieJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public String topic() {
        return Outbox.EMPLOYER_EVENTS;
    }

    @Override
    public Set<String> types() {
        return Set.of(EmployerEventType.EmployerSiretChanged.name());
    }

    /** In the conventions import chunk's transaction. */
    @Override
    public void react(List<EmployerEvent> events) {
        events.stream().filter(event -> "ASP".equals(event.getChangedBy()))
                .forEach(event -> siretChanged(event.getPreviousSiret(), event.getSiret()));
    }

    private void siretChanged(String previousSiret, String siret) {
        // FS-03: a fiche already existing for the PASS at the new SIRET keeps its place; this one stays as it is
        List<UUID> requeued = jdbc.sql("""
                UPDATE fiche_salarie f SET status = 'READY', siret = ?, updated_at = ?
                WHERE f.siret = ? AND f.status = 'PROCESSED'
                  AND NOT EXISTS (SELECT 1 FROM fiche_salarie o WHERE o.pass_number = f.pass_number AND o.siret = ?)
                RETURNING f.id""")
                .params(siret, Timestamp.from(clock.instant()), previousSiret, siret)
                .query(UUID.class).list();
        for (UUID id : requeued) {
            journal.record(id, "ready", FicheSalarieStatus.READY, "C", FicheSalarieJournal.AspRef.NONE,
                    "EMP-25: SIRET " + previousSiret + " → " + siret);
        }
    }
}

package fr.passerelle.iae.registry.fichesalarie;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * EMP-25: fiches salarié integrated by ASP keep the SIRET they were sent with; when the structure's SIRET changes they
 * are sent again with the new one ({@code PROCESSED → READY}, PARTNERS §1.8).
 */
@Component
public class SiretChangeResend {

    private final JdbcClient jdbc;
    private final FicheSalarieJournal journal;
    private final Clock clock;

    public SiretChangeResend(JdbcClient jdbc, FicheSalarieJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
    }

    /** In the caller's transaction (the conventions import chunk's); returns how many fiches were re-queued. */
    public int siretChanged(String previousSiret, String siret) {
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
        return requeued.size();
    }
}

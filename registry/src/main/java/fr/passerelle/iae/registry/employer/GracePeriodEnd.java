package fr.passerelle.iae.registry.employer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.registry.journal.ExchangeJournal;

/**
 * EMP-32 after the grace period: an employer of an inactive convention deactivated more than 30 days ago is deleted
 * when it holds no data (hires, diagnoses it wrote that a PASS used, prolongations it declared, antennas); otherwise
 * it stays, {@code INACTIVE}: PASS issuance refuses it (PASS-25) and {@link EmployerQueries} still finds it by
 * SIRET for audit. Run by the import once all its chunks are applied, so that a convention this delivery reactivates
 * (EMP-35) keeps its employers, and in the transaction that closes the journal entry, so that a resumed import
 * deletes nothing twice.
 */
@Component
class GracePeriodEnd {

    private record Deleted(String siret, String kind) {
    }

    private static final RowMapper<Deleted> DELETED = (rs, n) -> new Deleted(rs.getString(1), rs.getString(2));

    /** Employers past their grace period that hold no data; the SIRETs they had count too (EMP-20, EMP-40). */
    private static final String WITHOUT_DATA = """
            DELETE FROM employer e
            WHERE e.convention_id IS NOT NULL
              AND e.status NOT IN ('UNVERIFIED', 'CLOSED')
              AND e.deactivated_at < ?
              AND NOT EXISTS (SELECT 1 FROM convention c WHERE c.id = e.convention_id AND c.active)
              AND NOT EXISTS (SELECT 1 FROM hire h WHERE h.employer_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM prolongation p
                              WHERE p.siret = e.siret
                                 OR p.siret IN (SELECT siret FROM employer_previous_siret WHERE employer_id = e.id))
              AND NOT EXISTS (SELECT 1 FROM diagnosis d JOIN pass p ON p.diagnosis_id = d.id
                              WHERE d.author = 'EMPLOYER'
                                AND (d.author_siret = e.siret
                                     OR d.author_siret IN (SELECT siret FROM employer_previous_siret WHERE employer_id = e.id)))
            """;

    private final JdbcTemplate jdbc;
    private final ExchangeJournal journal;

    GracePeriodEnd(JdbcTemplate jdbc, ExchangeJournal journal) {
        this.jdbc = jdbc;
        this.journal = journal;
    }

    /**
     * Deletes the employers without data whose grace period is over at {@code importedAt}, each with a line in the
     * delivery's report. Antennas go first, so that a mother whose antennas all went goes in the same run.
     *
     * @return the number of employers deleted
     */
    int deleteEmployersWithoutData(UUID exchange, Instant importedAt) {
        Timestamp graceStart = Timestamp.from(importedAt.minus(EmployerStatus.GRACE_PERIOD));
        List<Deleted> deleted = new ArrayList<>(jdbc.query(WITHOUT_DATA + " AND e.asp_id IS NULL RETURNING e.siret, e.kind",
                DELETED, graceStart));
        deleted.addAll(jdbc.query(WITHOUT_DATA + """
                  AND e.asp_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM employer a WHERE a.convention_id = e.convention_id AND a.asp_id IS NULL)
                RETURNING e.siret, e.kind""", DELETED, graceStart));
        for (Deleted employer : deleted) {
            journal.reject(exchange, null, new Rejection("EMP-32", "EMPLOYER_DELETED", null,
                    "Délai de grâce écoulé et aucune donnée (embauche, diagnostic utilisé par un PASS, prolongation, antenne) : "
                            + "l'employeur " + employer.kind() + " de ce SIRET est supprimé."), employer.siret());
        }
        return deleted.size();
    }
}

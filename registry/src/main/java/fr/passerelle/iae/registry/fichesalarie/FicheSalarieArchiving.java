package fr.passerelle.iae.registry.fichesalarie;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.BusinessDate;

/**
 * The nightly archiving of fiches salarié (PARTNERS §1.8): a fiche whose PASS is no longer valid nor open to
 * prolongation (its end plus the 6 months of PROL-03 passed), created more than 6 months ago and unchanged for more
 * than a month, becomes ARCHIVED. Its kept proof goes: the lines sent and returned (they hold the NIR), those of its
 * update notifications and its lines in upload files, and an upload file's bytes once none of its lines is left. Codes,
 * labels, files and line numbers stay in the fiche and its history.
 */
@Component
public class FicheSalarieArchiving {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public FicheSalarieArchiving(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Archives what is due now; returns how many fiches. Runs on any node, any number of times: a fiche is archived once. */
    public int archiveDue() {
        Instant now = clock.instant();
        LocalDate today = BusinessDate.of(now);
        return transaction.execute(status -> {
            List<UUID> archived = jdbc.sql("""
                    UPDATE fiche_salarie f SET status = 'ARCHIVED', sent_line = NULL, returned_line = NULL, updated_at = ?
                    FROM pass p
                    WHERE p.number = f.pass_number AND f.status = ANY (?)
                      AND p.end_date < ? AND f.created_at < ? AND f.updated_at < ?
                    RETURNING f.id""")
                    .params(Timestamp.from(now), FicheSalarieTransition.ARCHIVE.fromValues(),
                            Date.valueOf(today.minusMonths(6)), Timestamp.from(now.atZone(BusinessDate.PARIS).minusMonths(6).toInstant()),
                            Timestamp.from(now.atZone(BusinessDate.PARIS).minusMonths(1).toInstant()))
                    .query(UUID.class).list();
            if (archived.isEmpty()) {
                return 0;
            }
            UUID[] ids = archived.toArray(UUID[]::new);
            jdbc.sql("""
                    INSERT INTO fiche_salarie_history (fiche_id, at, transition, status, asp_file, asp_line, asp_code, asp_label)
                    SELECT f.id, ?, 'archive', 'ARCHIVED', f.asp_file, f.asp_line, f.asp_code, f.asp_label
                    FROM fiche_salarie f WHERE f.id = ANY (?)""").params(Timestamp.from(now), ids).update();
            jdbc.sql("UPDATE fiche_salarie_update SET sent_line = NULL, returned_line = NULL WHERE fiche_id = ANY (?)")
                    .param(ids).update();
            jdbc.sql("UPDATE asp_upload_line SET line = NULL WHERE fiche_id = ANY (?)").param(ids).update();
            jdbc.sql("""
                    UPDATE asp_upload u SET content = ''::bytea
                    WHERE u.status = 'SENT' AND length(u.content) > 0
                      AND u.id IN (SELECT l.upload_id FROM asp_upload_line l WHERE l.fiche_id = ANY (?))
                      AND NOT EXISTS (SELECT 1 FROM asp_upload_line l WHERE l.upload_id = u.id AND l.line IS NOT NULL)""")
                    .param(ids).update();
            return archived.size();
        });
    }
}

package fr.passerelle.iae.registry.francetravail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.francetravail.AgrementRow;
import fr.passerelle.iae.registry.journal.ExchangeRun;

/**
 * Step "apply" of an agréments file, first half: each chunk of lines, in one transaction with the journal
 * checkpoint, merged into {@code ft_agrement} by root (LEG-04) and with what is already stored (LEG-05: min of
 * starts, max of ends, never shorter). Roots whose agrément changed are left {@code NEW} for {@link AgrementLinking},
 * or {@code UNLINKED} at once when no person can be theirs (LEG-06).
 */
@Component
public class AgrementImport {

    /** Rows of one root merged in memory (LEG-04), before they meet the stored agrément. */
    private static final class Merged {
        AgrementRow identity;
        java.time.LocalDate start;
        java.time.LocalDate end;
        long line;
        boolean mismatch;

        Merged(AgrementRow row) {
            identity = row;
            start = row.start();
            end = row.end();
            line = row.line();
        }

        void add(AgrementRow row) {
            start = start.isBefore(row.start()) ? start : row.start();
            end = end.isAfter(row.end()) ? end : row.end();
            line = Math.min(line, row.line());
            mismatch |= !identity.franceTravailId().equals(row.franceTravailId()) || !identity.birthDate().equals(row.birthDate());
            if (row.plain() && !identity.plain() || row.plain() == identity.plain() && row.end().isAfter(identity.end())) {
                identity = row;
            }
        }
    }

    private static final String TAKE_IDENTITY = "(excluded.identity_from_plain AND NOT a.identity_from_plain "
            + "OR excluded.identity_from_plain = a.identity_from_plain AND excluded.identity_end > a.identity_end)";
    private static final String MISMATCH = "(a.mismatch OR excluded.mismatch OR a.france_travail_id IS DISTINCT FROM excluded.france_travail_id "
            + "OR a.birth_date IS DISTINCT FROM excluded.birth_date)";
    private static final String CHANGED = "(a.status = 'NEW' OR a.status = 'UNLINKED' OR excluded.start_date < a.start_date "
            + "OR excluded.end_date > a.end_date OR " + MISMATCH + " AND NOT a.mismatch)";
    /**
     * LEG-06 decided as the row is written, for the usual case: an agrément whose France Travail id and birth date no
     * person holds is stored {@code UNLINKED} at once instead of {@code NEW} then rewritten by the linking step. A
     * mismatch (LEG-04) or a possible person stays {@code NEW} for {@link AgrementLinking}. As its MATCHABLE says.
     */
    private static String newStatus(String ftId, String birthDate, String mismatch) {
        return ("CASE WHEN %3$s OR %1$s <> '00000000' AND EXISTS (SELECT 1 FROM person p WHERE p.france_travail_id = %1$s "
                + "AND p.birth_date = %2$s) THEN 'NEW' ELSE 'UNLINKED' END").formatted(ftId, birthDate, mismatch);
    }

    private static final String UPSERT = """
            INSERT INTO ft_agrement AS a (root, start_date, end_date, agency, france_travail_id, birth_date, last_name, first_name,
                birth_name, identity_from_plain, identity_end, mismatch, status, exchange_id, seen_exchange_id, line, updated_at)
            SELECT t.root, t.start_date, t.end_date, t.agency, t.ft_id, t.birth_date, t.last_name, t.first_name, t.birth_name,
                   t.plain, t.identity_end, t.mismatch, %4$s, ?::uuid, ?::uuid, t.line, now()
            FROM unnest(?::text[], ?::date[], ?::date[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[],
                        ?::boolean[], ?::date[], ?::boolean[], ?::bigint[])
                 AS t(root, start_date, end_date, agency, ft_id, birth_date, last_name, first_name, birth_name, plain,
                      identity_end, mismatch, line)
            ON CONFLICT (root) DO UPDATE SET
                start_date = LEAST(a.start_date, excluded.start_date),
                end_date = GREATEST(a.end_date, excluded.end_date),
                agency = CASE WHEN %1$s THEN excluded.agency ELSE a.agency END,
                last_name = CASE WHEN %1$s THEN excluded.last_name ELSE a.last_name END,
                first_name = CASE WHEN %1$s THEN excluded.first_name ELSE a.first_name END,
                birth_name = CASE WHEN %1$s THEN excluded.birth_name ELSE a.birth_name END,
                identity_end = CASE WHEN %1$s THEN excluded.identity_end ELSE a.identity_end END,
                identity_from_plain = a.identity_from_plain OR excluded.identity_from_plain,
                mismatch = %2$s,
                status = CASE WHEN %3$s THEN %5$s ELSE a.status END,
                line = CASE WHEN a.exchange_id = excluded.exchange_id THEN LEAST(a.line, excluded.line)
                            WHEN %3$s THEN excluded.line ELSE a.line END,
                exchange_id = CASE WHEN %3$s THEN excluded.exchange_id ELSE a.exchange_id END,
                seen_exchange_id = excluded.seen_exchange_id,
                updated_at = now()""".formatted(TAKE_IDENTITY, MISMATCH, CHANGED,
            newStatus("t.ft_id", "t.birth_date", "t.mismatch"), newStatus("a.france_travail_id", "a.birth_date", MISMATCH));

    private final JdbcClient jdbc;

    public AgrementImport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One statement for the whole chunk: its roots are distinct, so ON CONFLICT meets each stored row once. */
    private void upsert(UUID exchangeId, Map<String, Merged> roots) {
        int n = roots.size();
        String[][] columns = new String[13][n];
        int i = 0;
        for (var entry : roots.entrySet()) {
            Merged m = entry.getValue();
            AgrementRow id = m.identity;
            String[] row = {entry.getKey(), m.start.toString(), m.end.toString(), id.agency(), id.franceTravailId().value(),
                    id.birthDate().toString(), id.lastName(), id.firstName(), id.birthName(), Boolean.toString(id.plain()),
                    id.end().toString(), Boolean.toString(m.mismatch), Long.toString(m.line)};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
            i++;
        }
        List<Object> params = new ArrayList<>(15);
        params.add(exchangeId.toString());
        params.add(exchangeId.toString());
        params.addAll(List.of((Object[]) columns));
        jdbc.sql(UPSERT).params(params).update();
    }

    /** One chunk, one transaction: rejects kept, valid rows merged, skips counted, checkpoint moved to {@code lastLine}. */
    public void apply(ExchangeRun run, List<RecordOutcome<AgrementRow>> lines, long lastLine) {
        UUID exchangeId = run.id();
        run.chunk(lastLine, () -> {
            // rows locked in root order, as a hire locks its person's agréments: the two never wait on each other in a cycle
            Map<String, Merged> roots = new TreeMap<>();
            long skipped = 0;
            long rejected = 0;
            for (RecordOutcome<AgrementRow> line : lines) {
                if (line instanceof RecordOutcome.Accepted<AgrementRow> valid) {
                    roots.merge(valid.record().root(), new Merged(valid.record()), (a, b) -> {
                        a.add(b.identity);
                        return a;
                    });
                } else if (line instanceof RecordOutcome.Rejected<AgrementRow> reject) {
                    for (Rejection rejection : reject.rejections()) {
                        run.reject(reject.line(), rejection, reject.value());
                    }
                    rejected++;
                } else {
                    skipped++;
                }
            }
            if (!roots.isEmpty()) {
                upsert(exchangeId, roots);
            }
            jdbc.sql("""
                    INSERT INTO ft_agrement_run (exchange_id, rows_read, skipped, rejected) VALUES (?, ?, ?, ?)
                    ON CONFLICT (exchange_id) DO UPDATE SET rows_read = ft_agrement_run.rows_read + excluded.rows_read,
                        skipped = ft_agrement_run.skipped + excluded.skipped, rejected = ft_agrement_run.rejected + excluded.rejected""")
                    .params(exchangeId, lines.size(), skipped, rejected).update();
            return null;
        });
    }
}

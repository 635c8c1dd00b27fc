package fr.passerelle.iae.registry.employer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;
import fr.passerelle.iae.registry.journal.ExchangeJournal;

/**
 * EMP-22: a known SIRET that a delivery shows under another structure id takes its convention (with its employer known
 * to ASP and its antennas) to that id. Done once for the whole delivery, in the staging transaction, before any chunk:
 * the old and the new id may fall in different chunks, and the safety threshold (EMP-34) must not count a convention
 * that only changed id as a deactivation.
 */
@Component
class ConventionMoves {

    private record Move(UUID conventionId, String kind, long from, long to, long line) {
    }

    private final JdbcTemplate jdbc;
    private final ExchangeJournal journal;

    ConventionMoves(JdbcTemplate jdbc, ExchangeJournal journal) {
        this.jdbc = jdbc;
        this.journal = journal;
    }

    /**
     * Moves the conventions whose SIRET the delivery shows on exactly one valid row, under another id that delivers
     * annexes of the convention's kind and has no convention of that kind yet. Otherwise nothing moves: the chunk then
     * reports the conflict (ASP_ID_CONFLICT, {@link StructureUpdate}). A structure whose row was rejected is left as
     * it is, its conventions included.
     *
     * @return the number of conventions moved
     */
    int apply(UUID exchange, Instant now) {
        List<Move> moves = jdbc.query("""
                SELECT c.id, c.kind, c.asp_id, s.asp_id, s.line
                FROM conventions_staged_structure s
                JOIN employer e ON e.siret = s.siret_current AND e.asp_id IS NOT NULL
                JOIN convention c ON c.id = e.convention_id
                WHERE s.exchange_id = ? AND s.valid AND c.asp_id <> s.asp_id
                  AND EXISTS (SELECT 1 FROM conventions_staged_annex a
                              WHERE a.exchange_id = s.exchange_id AND a.asp_id = s.asp_id AND a.kind = c.kind)
                  AND NOT EXISTS (SELECT 1 FROM convention n WHERE n.asp_id = s.asp_id AND n.kind = c.kind)
                  AND NOT EXISTS (SELECT 1 FROM conventions_staged_structure t
                                  WHERE t.exchange_id = s.exchange_id
                                    AND (t.asp_id <> s.asp_id AND t.siret_current = s.siret_current
                                         OR t.asp_id IN (s.asp_id, c.asp_id) AND NOT t.valid))
                ORDER BY s.asp_id, c.kind""",
                (rs, n) -> new Move(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                exchange);
        Timestamp at = Timestamp.from(now);
        for (Move move : moves) {
            jdbc.update("UPDATE convention SET asp_id = ?, updated_at = ? WHERE id = ?", move.to(), at, move.conventionId());
            jdbc.update("UPDATE employer SET asp_id = ?, updated_at = ? WHERE convention_id = ? AND asp_id IS NOT NULL",
                    Long.toString(move.to()), at, move.conventionId());
            jdbc.update("UPDATE conventions_staged_structure SET moved = true WHERE exchange_id = ? AND asp_id = ?",
                    exchange, move.to());
            // a change, not a refusal; it goes in the delivery's report so that ASP and support see the id change
            journal.reject(exchange, move.line(), new Rejection("EMP-22", "ASP_ID_CHANGED",
                    FluxIaeView.STRUCTURE.aspName() + "." + FluxIaeView.Columns.ID_SIAE,
                    "La convention " + move.kind() + " de ce SIRET passe de la structure ASP " + move.from()
                            + " à celle-ci."), Long.toString(move.to()));
        }
        return moves.size();
    }
}

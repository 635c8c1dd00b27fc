package fr.passerelle.iae.registry.fichesalarie;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Fiches salarié as the API shows them (API.md {@code GET /api/v1/fiches-salarie/{id}}) and as operations list them. */
@Component
public class FicheSalarieQueries {

    public record HistoryLine(OffsetDateTime at, String status, String transition, String movement, String aspFile, Integer aspLine,
                              String aspCode, String aspLabel, String detail) {
    }

    public record FicheSalarieView(UUID id, String passNumber, String siret, String measure, String status, List<String> missing,
                                   String aspFile, Integer aspLine, String aspCode, String aspLabel, boolean processedAsDuplicate,
                                   List<HistoryLine> history) {
    }

    /** One line of the operations list: what an incomplete fiche still lacks. */
    public record Listed(UUID id, String passNumber, String siret, String measure, String status, List<String> missing,
                         OffsetDateTime updatedAt) {
    }

    private final JdbcClient jdbc;

    public FicheSalarieQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<FicheSalarieView> byId(UUID id) {
        List<HistoryLine> history = jdbc.sql("""
                SELECT at, status, transition, movement, asp_file, asp_line, asp_code, asp_label, detail
                FROM fiche_salarie_history WHERE fiche_id = ? ORDER BY id""")
                .param(id)
                .query((rs, n) -> new HistoryLine(rs.getTimestamp(1).toInstant().atOffset(ZoneOffset.UTC), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), (Integer) rs.getObject(6), rs.getString(7), rs.getString(8),
                        rs.getString(9)))
                .list();
        return jdbc.sql("""
                SELECT id, pass_number, siret, measure, status, missing, asp_file, asp_line, asp_code, asp_label, processed_as_duplicate
                FROM fiche_salarie WHERE id = ?""")
                .param(id)
                .query((rs, n) -> new FicheSalarieView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Arrays.asList((String[]) rs.getArray(6).getArray()), rs.getString(7), (Integer) rs.getObject(8),
                        rs.getString(9), rs.getString(10), rs.getBoolean(11), history))
                .optional();
    }

    /** Fiches of one status, oldest last update first (e.g. NEW: the incomplete ones and what they lack). */
    public List<Listed> withStatus(FicheSalarieStatus status, int limit) {
        return jdbc.sql("""
                SELECT id, pass_number, siret, measure, status, missing, updated_at FROM fiche_salarie
                WHERE status = ? ORDER BY updated_at, id LIMIT ?""")
                .params(status.name(), limit)
                .query((rs, n) -> new Listed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Arrays.asList((String[]) rs.getArray(6).getArray()),
                        rs.getTimestamp(7).toInstant().atOffset(ZoneOffset.UTC)))
                .list();
    }
}

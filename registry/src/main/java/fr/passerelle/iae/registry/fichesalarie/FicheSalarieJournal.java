package fr.passerelle.iae.registry.fichesalarie;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** PARTNERS §1.8: every transition of a fiche salarié is journalled with the file, line, code and label behind it. */
@Component
public class FicheSalarieJournal {

    /** What caused a transition, when ASP files did. */
    public record AspRef(String file, Integer line, String code, String label) {
        public static final AspRef NONE = new AspRef(null, null, null, null);
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public FicheSalarieJournal(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(UUID ficheId, String transition, FicheSalarieStatus status, String movement, AspRef ref, String detail) {
        jdbc.sql("""
                INSERT INTO fiche_salarie_history (fiche_id, at, transition, status, movement, asp_file, asp_line, asp_code, asp_label, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(ficheId, Timestamp.from(clock.instant()), transition, status.name(), movement, ref.file(), ref.line(),
                        ref.code(), ref.label(), detail)
                .update();
    }
}

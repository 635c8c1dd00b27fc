package fr.passerelle.iae.registry.pass;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.rules.EmployerKind;

/** SUSP-08: the person's last hire = latest accepted hire by an SIAE, by acceptance time, then by hire start. */
@Component
public class LastHire {

    public record Hire(UUID id, String siret, EmployerKind kind, LocalDate hiringStart, String passNumber) {
    }

    private final JdbcClient jdbc;

    public LastHire(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Hire> of(UUID personId) {
        return jdbc.sql("""
                        SELECT id, siret, kind, hiring_start_date, pass_number FROM hire
                        WHERE person_id = ? AND cancelled_at IS NULL AND kind IN ('ACI', 'AI', 'EI', 'ETTI', 'EITI')
                        ORDER BY accepted_at DESC, hiring_start_date DESC LIMIT 1""")
                .param(personId)
                .query((rs, n) -> new Hire(rs.getObject(1, UUID.class), rs.getString(2), EmployerKind.valueOf(rs.getString(3)),
                        rs.getObject(4, LocalDate.class), rs.getString(5)))
                .optional();
    }
}

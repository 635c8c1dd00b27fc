package fr.passerelle.iae.registry.fichesalarie;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.mappings.asp.Employee;
import fr.passerelle.iae.mappings.asp.FicheSalarieFacts;

/** Reads the canonical facts of fiches salarié from the registry: PASS dates, person, hire and its sender, employee data. */
@Component
public class FicheSalarieFactsSource {

    // the employee data was checked against the API contract when received: read it leniently
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String SELECT = """
            SELECT f.id, f.siret, h.kind, f.pass_number, p.start_date, p.end_date, s.asp_id, s.title, s.last_name, s.first_name,
                   s.birth_date, s.nir, s.ntt, s.france_travail_id, h.sender, h.prescriber_kind, h.prescriber_authorized,
                   e.employee::text AS employee
            FROM fiche_salarie f
            JOIN hire h ON h.id = f.hire_id
            JOIN person s ON s.id = h.person_id
            JOIN pass p ON p.number = f.pass_number
            LEFT JOIN hire_employee e ON e.hire_id = h.id
            """;

    private final JdbcClient jdbc;

    public FicheSalarieFactsSource(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The facts of each fiche, in the order of {@code ids}; a fiche whose PASS left the registry is absent. */
    public Map<UUID, FicheSalarieFacts> of(Collection<UUID> ids, String movement) {
        Map<UUID, FicheSalarieFacts> found = new java.util.HashMap<>();
        jdbc.sql(SELECT + " WHERE f.id = ANY (?)")
                .param(ids.toArray(UUID[]::new))
                .query((rs, n) -> {
                    found.put(rs.getObject("id", UUID.class), facts(rs, movement));
                    return null;
                })
                .list();
        Map<UUID, FicheSalarieFacts> ordered = new LinkedHashMap<>();
        for (UUID id : ids) {
            if (found.containsKey(id)) {
                ordered.put(id, found.get(id));
            }
        }
        return ordered;
    }

    public java.util.Optional<FicheSalarieFacts> of(UUID id, String movement) {
        return java.util.Optional.ofNullable(of(java.util.List.of(id), movement).get(id));
    }

    private static FicheSalarieFacts facts(ResultSet rs, String movement) throws SQLException {
        // the hire's own sender, not the PASS's: a reused PASS or a migrated agrément has its hire's orienteur
        String sender = rs.getString("sender");
        Boolean authorized = (Boolean) rs.getObject("prescriber_authorized");
        return new FicheSalarieFacts(movement, rs.getString("siret"), rs.getString("kind"), rs.getString("pass_number"),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class), rs.getString("asp_id"),
                rs.getString("title"), rs.getString("last_name"), rs.getString("first_name"),
                rs.getObject("birth_date", LocalDate.class), rs.getString("nir"), rs.getString("ntt"),
                rs.getString("france_travail_id"),
                sender == null ? null : new FicheSalarieFacts.Origin(sender, rs.getString("prescriber_kind"), authorized),
                employee(rs.getString("employee")));
    }

    static Employee employee(String json) {
        if (json == null) {
            return Employee.NONE;
        }
        try {
            return JSON.readValue(json, Employee.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Employee employee) {
        try {
            return JSON.writeValueAsString(employee == null ? Employee.NONE : employee);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

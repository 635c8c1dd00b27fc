package fr.passerelle.iae.registry.francetravail;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Persons with two rights at once, left to a person ({@code GET /api/v1/ops/agrements/overlaps}): an agrément that
 * could not become their PASS because another PASS of theirs overlaps it (PASS-20, {@code LEG_PASS_OVERLAP}), typically
 * a PASS issued before the agrément was linked. Never merged automatically (ID-65): both numbers may already be known
 * to ASP and France Travail.
 */
@Component
public class AgrementOverlaps {

    public record Overlap(String agrementNumber, LocalDate agrementStartDate, LocalDate agrementEndDate, UUID personId,
                          String passNumber, LocalDate passStartDate, LocalDate passEndDate, String passOrigin, Instant detectedAt,
                          String action) {
    }

    private final JdbcClient jdbc;

    public AgrementOverlaps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest found first; one row per agrément and overlapping PASS. */
    public List<Overlap> recent(int limit) {
        return jdbc.sql("""
                SELECT a.root, a.start_date, a.end_date, pe.id, p.number, p.start_date, p.end_date, p.origin, a.updated_at
                FROM ft_agrement a
                JOIN person pe ON pe.france_travail_id = a.france_travail_id AND pe.birth_date = a.birth_date
                JOIN pass p ON p.person_id = pe.id AND p.number <> a.root
                     AND daterange(p.start_date, p.end_date, '[]') && daterange(a.start_date, a.end_date, '[]')
                WHERE a.status = 'REJECTED' AND a.reject_code = 'LEG_PASS_OVERLAP'
                ORDER BY a.updated_at DESC, a.root, p.number LIMIT ?""")
                .param(limit)
                .query((rs, n) -> {
                    String root = rs.getString(1);
                    String pass = rs.getString(5);
                    return new Overlap(root, rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class),
                            rs.getObject(4, UUID.class), pass, rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class),
                            rs.getString(8), rs.getTimestamp(9).toInstant(), action(root, pass));
                })
                .list();
    }

    private static String action(String agrement, String pass) {
        return "La personne a deux droits qui se chevauchent : l'agrément " + agrement + " et le PASS IAE " + pass
                + ". Rien n'a été fusionné. Garder le PASS " + pass + ", déjà transmis à l'ASP et à France Travail, et signaler "
                + "à France Travail que l'agrément " + agrement + " est remplacé ; ou, si aucune fiche salarié du PASS " + pass
                + " n'a été envoyée, annuler l'embauche qui l'a créé : l'agrément deviendra son PASS à sa prochaine embauche.";
    }
}

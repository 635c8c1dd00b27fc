package fr.passerelle.iae.registry.sirene;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What SIRENE said that the hub did not apply by itself, left to a person ({@code GET /api/v1/ops/sirene/reviews}):
 * successions not applied (EMP-40) and UNVERIFIED employers unknown or closed in SIRENE (EMP-41). Each fact once.
 */
@Component
public class SireneReviews {

    /** Why a review exists. */
    public enum Reason {
        /** EMP-40: the successor belongs to another company (takeover): shown only, the employer is closed. */
        OTHER_SIREN,
        /** Same company but INSEE states no economic continuity: not applied automatically. */
        NO_CONTINUITY,
        /** EMP-20: another employer already has (successor SIRET, kind). */
        SIRET_TAKEN,
        /** EMP-41: an UNVERIFIED employer's SIRET is unknown to SIRENE. */
        UNKNOWN_SIRET,
        /** EMP-41: an UNVERIFIED employer's establishment is closed. */
        CLOSED_ESTABLISHMENT
    }

    public record Review(long id, UUID employerId, String siret, String kind, String rule, Reason reason, String successorSiret,
                         LocalDate successionDate, Boolean headOfficeTransfer, Boolean economicContinuity, String message,
                         UUID exchangeId, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    public SireneReviews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the review unless the same fact is already there; true when it is new. */
    public boolean add(Review review) {
        return jdbc.sql("""
                INSERT INTO sirene_review (employer_id, siret, kind, rule, reason, successor_siret, succession_date,
                    head_office_transfer, economic_continuity, message, exchange_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT sirene_review_once DO NOTHING""")
                .params(review.employerId(), review.siret(), review.kind(), review.rule(), review.reason().name(),
                        review.successorSiret(), review.successionDate(), review.headOfficeTransfer(),
                        review.economicContinuity(), review.message(), review.exchangeId())
                .update() == 1;
    }

    /** The latest reviews first. */
    public List<Review> recent(int limit) {
        return jdbc.sql("""
                SELECT id, employer_id, siret, kind, rule, reason, successor_siret, succession_date, head_office_transfer,
                       economic_continuity, message, exchange_id, created_at
                FROM sirene_review ORDER BY created_at DESC, id DESC LIMIT ?""")
                .param(limit)
                .query((rs, n) -> new Review(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), Reason.valueOf(rs.getString(6)), rs.getString(7),
                        rs.getDate(8) == null ? null : rs.getDate(8).toLocalDate(), (Boolean) rs.getObject(9),
                        (Boolean) rs.getObject(10), rs.getString(11), rs.getObject(12, UUID.class),
                        rs.getTimestamp(13).toInstant()))
                .list();
    }
}

package fr.passerelle.iae.registry.sirene;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.sirene.EstablishmentRecord;

/**
 * What SIRENE says of each establishment the hub asked about or found in a stock ({@code sirene_establishment}):
 * the state shown by {@code GET /employers/{siret}} and the API answer cache. EMP-42: a masked value is stored null,
 * replacing whatever was known before.
 */
@Component
public class SireneStates {

    /** One establishment as stored. {@code state} is {@code A}, {@code F} or {@code UNKNOWN}. */
    public record Known(String siret, String state, String diffusion, LocalDate stateSince, String name, String addressLine,
                        String postalCode, String commune, String naf, String successorSiret, LocalDate successorDate,
                        Instant checkedAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration cacheTtl;

    /** @param cacheTtl how long an answer is trusted: no new request, and EMP-41 refusals, within it */
    public SireneStates(JdbcClient jdbc, Clock clock, @Value("${passerelle.sirene.cache-ttl:P30D}") Duration cacheTtl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    public Optional<Known> find(String siret) {
        return jdbc.sql("""
                SELECT siret, state, diffusion, state_since, name, address_line, postal_code, commune, naf, successor_siret,
                       successor_date, checked_at
                FROM sirene_establishment WHERE siret = ?""")
                .param(siret)
                .query((rs, n) -> new Known(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getDate(4) == null ? null : rs.getDate(4).toLocalDate(), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        rs.getDate(11) == null ? null : rs.getDate(11).toLocalDate(), rs.getTimestamp(12).toInstant()))
                .optional();
    }

    /** The stored answer when it is younger than the cache's time to live (the API answer cache). */
    public Optional<Known> cached(String siret) {
        return find(siret).filter(known -> known.checkedAt().isAfter(clock.instant().minus(cacheTtl)));
    }

    /**
     * EMP-41: a new employer is not registered on a SIRET that SIRENE recently said unknown or closed. The code is
     * {@code INVALID_SIRET} (API.md has no closer one: the SIRET designates no open establishment), with the rule in
     * {@code details.rule}. A non-disclosed establishment (403) is accepted (PARTNERS §4.6).
     */
    public Optional<Rejection> registrationRefusal(String siret, String field) {
        return cached(siret).flatMap(known -> {
            if ("F".equals(known.state())) {
                return Optional.of(new Rejection("EMP-41", "INVALID_SIRET", field,
                        "Cet établissement est fermé dans le répertoire SIRENE : il ne peut pas être enregistré comme employeur."));
            }
            if ("UNKNOWN".equals(known.state()) && !"N".equals(known.diffusion())) {
                return Optional.of(new Rejection("EMP-41", "INVALID_SIRET", field,
                        "Ce SIRET est inconnu du répertoire SIRENE : il ne peut pas être enregistré comme employeur."));
            }
            return Optional.empty();
        });
    }

    /** Stores an establishment found by the API or in a stock. */
    public void record(EstablishmentRecord e, String source) {
        jdbc.sql("""
                INSERT INTO sirene_establishment (siret, state, diffusion, state_since, head_office, name, address_line,
                    address_complement, postal_code, commune, insee_code, naf, processed_at, source, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (siret) DO UPDATE SET state = excluded.state, diffusion = excluded.diffusion,
                    state_since = excluded.state_since, head_office = excluded.head_office, name = excluded.name,
                    address_line = excluded.address_line, address_complement = excluded.address_complement,
                    postal_code = excluded.postal_code, commune = excluded.commune, insee_code = excluded.insee_code,
                    naf = excluded.naf, processed_at = excluded.processed_at, source = excluded.source,
                    checked_at = excluded.checked_at""")
                .params(e.siret(), e.state(), e.diffusion(), e.stateSince(), e.headOffice(), e.displayName(), e.addressLine(),
                        e.addressComplement(), e.postalCode(), e.commune(), e.inseeCode(), e.naf(), e.processedAt(),
                        source, Timestamp.from(clock.instant()))
                .update();
    }

    /** 404 (diffusion unknown) or 403 (diffusion {@code N}): the state is UNKNOWN, nothing else is known. */
    public void recordUnknown(String siret, String diffusion) {
        jdbc.sql("""
                INSERT INTO sirene_establishment (siret, state, diffusion, source, checked_at) VALUES (?, 'UNKNOWN', ?, 'API', ?)
                ON CONFLICT (siret) DO UPDATE SET state = 'UNKNOWN', diffusion = excluded.diffusion, state_since = NULL,
                    head_office = NULL, name = NULL, address_line = NULL, address_complement = NULL, postal_code = NULL,
                    commune = NULL, insee_code = NULL, naf = NULL, processed_at = NULL, source = 'API',
                    checked_at = excluded.checked_at""")
                .params(siret, diffusion, Timestamp.from(clock.instant()))
                .update();
    }
}

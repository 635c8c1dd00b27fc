package fr.passerelle.iae.registry.person;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RejectedException;

/**
 * Finds the person an incoming identity designates (DOMAIN §2.6), or creates one. Must run inside a
 * transaction: it takes per-identity advisory locks so that two requests for a new person create it once.
 */
@Component
public class PersonMatching {

    private static final String COLUMNS = "id, nir, france_travail_id, ft_national_id, birth_date, title, last_name, first_name, asp_id";

    private final JdbcClient jdbc;
    private final byte[] aspIdSecret;

    public PersonMatching(JdbcClient jdbc, @Value("${passerelle.registry.asp-id-secret}") String aspIdSecret) {
        this.jdbc = jdbc;
        this.aspIdSecret = aspIdSecret.getBytes(StandardCharsets.UTF_8);
    }

    public Person matchOrCreate(Identity identity) {
        lock(identity);
        Optional<Person> matched = match(identity);
        if (matched.isPresent()) {
            return complete(matched.get(), identity);
        }
        return create(identity);
    }

    /** ID-60 … ID-64, without creating anything. */
    public Optional<Person> match(Identity identity) {
        Optional<Person> byNir = identity.nir() == null ? Optional.empty() : byNir(identity.nir().value());
        List<Person> byFranceTravail = identity.franceTravailMatchable()
                ? byFranceTravailId(identity.franceTravailId().value(), identity)
                : List.of();
        if (byNir.isPresent()) {
            Person person = byNir.get();
            if (identity.birthDate() != null && !identity.birthDate().equals(person.birthDate())) {
                throw conflict("ID-64", "le NIR correspond à une personne dont la date de naissance est différente");
            }
            if (byFranceTravail.stream().anyMatch(p -> !p.id().equals(person.id()))) {
                throw conflict("ID-64", "le NIR et l'identifiant France Travail désignent deux personnes différentes");
            }
            return byNir;
        }
        if (byFranceTravail.size() > 1) {
            throw conflict("ID-64", "l'identifiant France Travail et la date de naissance désignent plusieurs personnes");
        }
        if (byFranceTravail.size() == 1) {
            Person person = byFranceTravail.get(0);
            if (identity.nir() != null && person.nir() != null && !person.nir().equals(identity.nir().value())) {
                throw conflict("ID-64", "la personne trouvée par son identifiant France Travail a un autre NIR");
            }
            return Optional.of(person);
        }
        return Optional.empty();
    }

    public Optional<Person> byId(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM person WHERE id = ?").param(id).query(this::person).optional();
    }

    private Optional<Person> byNir(String nir) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM person WHERE nir = ?").param(nir).query(this::person).optional();
    }

    private List<Person> byFranceTravailId(String id, Identity identity) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM person WHERE france_travail_id = ? AND birth_date = ?")
                .params(id, identity.birthDate())
                .query(this::person)
                .list();
    }

    /**
     * ID-63: a person matched without a NIR receives the incoming one (nobody else holds it, or byNir had matched).
     * DECISION, the same for a France Travail id: a person known by NIR alone who now gives one keeps it (match()
     * found nobody else with it and this birth date), so that their agréments are found by it (ID-61, LEG-06).
     */
    private Person complete(Person person, Identity identity) {
        boolean nir = person.nir() == null && identity.nir() != null;
        boolean franceTravail = person.franceTravailId() == null && identity.franceTravailMatchable()
                && identity.birthDate().equals(person.birthDate());
        if (!nir && !franceTravail) {
            return person;
        }
        if (nir) {
            jdbc.sql("UPDATE person SET nir = ?, ft_national_id = NULL WHERE id = ?")   // ID-33: cleared when the NIR changes
                    .params(identity.nir().value(), person.id())
                    .update();
        }
        if (franceTravail) {
            jdbc.sql("UPDATE person SET france_travail_id = ? WHERE id = ?")
                    .params(identity.franceTravailId().value(), person.id())
                    .update();
        }
        return byId(person.id()).orElseThrow();
    }

    private Person create(Identity identity) {
        UUID id = UUID.randomUUID();
        Person person = new Person(id, identity.nir() == null ? null : identity.nir().value(),
                identity.franceTravailId() == null ? null : identity.franceTravailId().value(), null,
                identity.birthDate(), identity.title(), identity.lastName(), identity.firstName(), aspId(id));
        jdbc.sql("INSERT INTO person (id, nir, france_travail_id, birth_date, title, last_name, first_name, asp_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, person.nir(), person.franceTravailId(), person.birthDate(), person.title(), person.lastName(),
                        person.firstName(), person.aspId())
                .update();
        return person;
    }

    /**
     * Serialises the requests that could create, complete or link the same person (a hire, an agrément being linked);
     * keys sorted so two locks never deadlock. Held until the caller's transaction ends.
     */
    public void lock(Identity identity) {
        TreeSet<String> keys = new TreeSet<>();
        if (identity.nir() != null) {
            keys.add("nir:" + identity.nir().value());
        }
        if (identity.franceTravailMatchable()) {
            keys.add("ft:" + identity.franceTravailId().value() + ":" + identity.birthDate());
        }
        for (String key : keys) {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))::text").param(key).query(String.class).list();
        }
    }

    /** ID-50: the first 30 hex characters of an HMAC-SHA256 of the person's internal id. */
    String aspId(UUID personId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(aspIdSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(personId.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 30);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RejectedException conflict(String rule, String why) {
        return new RejectedException(rule, "PERSON_IDENTITY_CONFLICT", "person",
                "Conflit d'identité : " + why + " ; la demande est mise de côté pour vérification.");
    }

    private Person person(ResultSet rs, int row) throws SQLException {
        return new Person(rs.getObject("id", UUID.class), rs.getString("nir"), rs.getString("france_travail_id"),
                rs.getString("ft_national_id"), rs.getObject("birth_date", java.time.LocalDate.class), rs.getString("title"),
                rs.getString("last_name"), rs.getString("first_name"), rs.getString("asp_id"));
    }
}

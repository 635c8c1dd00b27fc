package fr.passerelle.iae.mappings.asp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import fr.passerelle.iae.mappings.identity.BirthPlace;

/**
 * ASP's country referential ({@code asp/asp_ref_insee_pays_v4.csv}, as ASP publishes it in spec/referentials/), read
 * once: it places a birth as ASP reads it (PARTNERS §1.5). Its key is the pair (code, {@code CODE_DPT}): {@code 099} a
 * country, {@code 098} an overseas commune that ASP takes as a country ({@code 411} is Saint-Paul in {@code 098} and
 * Honduras in {@code 099}).
 */
public final class AspCountries {

    static final String RESOURCE = "/asp/asp_ref_insee_pays_v4.csv";
    static final String COUNTRY = "099";
    static final String OVERSEAS_COMMUNE = "098";
    // the commune codes of those collectivities are 98 + their referential code (98714 Bora-Bora → 714)
    private static final String OVERSEAS_COMMUNE_PREFIX = "98";

    private static final Map<Key, String> GROUPS = load();

    private record Key(String code, String department) {
    }

    /** A birth as ASP reads it: {@code codeComInsee}, {@code codeInseePays}, {@code codeGroupePays}. */
    public record AspBirth(AspLine.CodeComInsee codeComInsee, String codeInseePays, String codeGroupePays) {
    }

    private AspCountries() {
    }

    /**
     * The birth place as ASP reads it; empty when ASP's referential does not know it (a country code it lacks, a
     * commune of an overseas collectivity it does not list), since ASP would refuse the line.
     *
     * @param birth a country, or France ({@code 100}) with a 5-character commune code
     */
    public static Optional<AspBirth> birth(BirthPlace birth) {
        String country = birth.countryInseeCode();
        String commune = birth.communeInseeCode();
        AspLine.CodeComInsee abroad = new AspLine.CodeComInsee(null, AspCodes.BORN_ABROAD_DEPARTMENT);
        if (!AspCodes.FRANCE.equals(country)) {
            return group(country, COUNTRY).map(group -> new AspBirth(abroad, country, group));
        }
        if (overseasCollectivity(commune)) {
            String code = commune.substring(OVERSEAS_COMMUNE_PREFIX.length());
            return group(code, OVERSEAS_COMMUNE).map(group -> new AspBirth(abroad, code, group));
        }
        return group(AspCodes.FRANCE, COUNTRY)
                .map(group -> new AspBirth(new AspLine.CodeComInsee(commune, AspCodes.department(commune)), country, group));
    }

    /** {@code codeGroupePays} of a referential entry. */
    static Optional<String> group(String code, String department) {
        return Optional.ofNullable(GROUPS.get(new Key(code, department)));
    }

    /** A commune of a collectivity whose communes the referential lists as {@code 098} entries (984…, 986…, 989…). */
    private static boolean overseasCollectivity(String commune) {
        return commune.length() == 5 && commune.startsWith(OVERSEAS_COMMUNE_PREFIX)
                && GROUPS.keySet().stream().anyMatch(key -> OVERSEAS_COMMUNE.equals(key.department())
                && key.code().charAt(0) == commune.charAt(OVERSEAS_COMMUNE_PREFIX.length()));
    }

    private static Map<Key, String> load() {
        try (InputStream in = AspCountries.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            Map<Key, String> groups = new HashMap<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            lines.readLine();   // CODE_INSEE_PAYS;CODE_DPT;LIB_INSEE_PAYS;CODE_GROUPE_PAYS
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    String[] columns = line.split(";", -1);
                    groups.put(new Key(columns[0], columns[1]), columns[3]);
                }
            }
            return Map.copyOf(groups);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

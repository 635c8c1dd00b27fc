package fr.passerelle.iae.mappings.sirene;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;

/**
 * A {@code StockEtablissement} file read row by row (PARTNERS §4.1, §4.2): columns mapped by header name, every row's
 * SIRET checked (EMP-01…EMP-03), and only the rows of SIRETs the caller knows turned into records.
 */
public final class EstablishmentStock implements Closeable {

    /** The columns the hub reads: a header lacking one refuses the file whole. */
    public static final List<String> REQUIRED = List.of("siren", "nic", "siret", "statutDiffusionEtablissement",
            "etablissementSiege", "complementAdresseEtablissement", "numeroVoieEtablissement", "indiceRepetitionEtablissement",
            "typeVoieEtablissement", "libelleVoieEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
            "codeCommuneEtablissement", "dateDebut", "etatAdministratifEtablissement", "enseigne1Etablissement",
            "denominationUsuelleEtablissement", "activitePrincipaleEtablissement", "dateDernierTraitementEtablissement");

    static final String MASKED = "[ND]";

    private final StockCsv csv;
    private final int siret;
    private final int diffusion;
    private final int headOffice;
    private final int complement;
    private final int number;
    private final int repetition;
    private final int streetType;
    private final int street;
    private final int postalCode;
    private final int commune;
    private final int inseeCode;
    private final int since;
    private final int state;
    private final int enseigne;
    private final int name;
    private final int naf;
    private final int processed;
    private boolean partly;

    public EstablishmentStock(InputStream content) throws IOException, StockRefusal {
        this.csv = new StockCsv(content);
        List<String> missing = csv.missing(REQUIRED);
        if (!missing.isEmpty()) {
            csv.close();
            throw new StockRefusal(new Rejection("PARTNERS-4.2", "SIRENE_COLUMNS_MISSING", String.join(",", missing),
                    "L'en-tête du fichier StockEtablissement n'a pas les colonnes " + String.join(", ", missing)
                            + " : le fichier est refusé en entier."));
        }
        siret = csv.column("siret");
        diffusion = csv.column("statutDiffusionEtablissement");
        headOffice = csv.column("etablissementSiege");
        complement = csv.column("complementAdresseEtablissement");
        number = csv.column("numeroVoieEtablissement");
        repetition = csv.column("indiceRepetitionEtablissement");
        streetType = csv.column("typeVoieEtablissement");
        street = csv.column("libelleVoieEtablissement");
        postalCode = csv.column("codePostalEtablissement");
        commune = csv.column("libelleCommuneEtablissement");
        inseeCode = csv.column("codeCommuneEtablissement");
        since = csv.column("dateDebut");
        state = csv.column("etatAdministratifEtablissement");
        enseigne = csv.column("enseigne1Etablissement");
        name = csv.column("denominationUsuelleEtablissement");
        naf = csv.column("activitePrincipaleEtablissement");
        processed = csv.column("dateDernierTraitementEtablissement");
    }

    /** Data rows read so far, malformed ones included. */
    public long rows() {
        return csv.rows();
    }

    /**
     * The next row that matters: a row of a known SIRET (a record, or rejected), or any malformed row or invalid
     * SIRET (rejected); null at the end of the file.
     */
    public RecordOutcome<EstablishmentRecord> next(SiretSet known) throws IOException {
        RecordOutcome<Long> row = csv.nextOf(siret, "siret", known);
        if (row instanceof RecordOutcome.Accepted<Long> found) {
            return record(SiretSet.text(found.record()));
        }
        return row == null ? null : ((RecordOutcome.Rejected<Long>) row).of();
    }

    private RecordOutcome<EstablishmentRecord> record(String siretText) {
        long line = csv.line();
        String stateCode = csv.text(state);
        if (!"A".equals(stateCode) && !"F".equals(stateCode)) {
            // PARTNERS §4.5: codes, never labels such as "Actif"
            return new RecordOutcome.Rejected<>(line, new Rejection("PARTNERS-4.5", "SIRENE_STATE", "etatAdministratifEtablissement",
                    "L'état administratif doit valoir A ou F."), stateCode);
        }
        LocalDate start;
        LocalDateTime processedAt;
        String sinceText = csv.text(since);
        try {
            start = sinceText == null ? null : LocalDate.parse(sinceText);
        } catch (DateTimeParseException e) {
            return new RecordOutcome.Rejected<>(line, new Rejection("PARTNERS-4.2", "SIRENE_DATE", "dateDebut",
                    "La date de début de période doit être au format AAAA-MM-JJ."), sinceText);
        }
        String processedText = csv.text(processed);
        try {
            processedAt = processedText == null ? null : LocalDateTime.parse(processedText);
        } catch (DateTimeParseException e) {
            return new RecordOutcome.Rejected<>(line, new Rejection("PARTNERS-4.2", "SIRENE_DATE", "dateDernierTraitementEtablissement",
                    "La date de dernier traitement doit être au format AAAA-MM-JJTHH:MM:SS."), processedText);
        }
        partly = false;
        String diffusionCode = value(diffusion);
        String address = EstablishmentRecord.addressLine(value(number), value(repetition), value(streetType), value(street));
        String usualName = value(name);
        String sign = value(enseigne);
        String addressComplement = value(complement);
        String postal = value(postalCode);
        String town = value(commune);
        String insee = value(inseeCode);
        String activity = value(naf);
        // EMP-42: a masked value makes the establishment partly diffusible, whatever its status column says
        String shown = partly && (diffusionCode == null || "O".equals(diffusionCode)) ? "P" : diffusionCode;
        return new RecordOutcome.Accepted<>(line, new EstablishmentRecord(siretText, stateCode, start, shown, csv.is(headOffice, "true"),
                usualName, sign, address, addressComplement, postal, town, insee, activity, processedAt, partly));
    }

    /** The value, null when empty or masked ({@code [ND]}, EMP-42: store null, keep no older value). */
    private String value(int column) {
        if (csv.is(column, MASKED)) {
            partly = true;
            return null;
        }
        return csv.text(column);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}

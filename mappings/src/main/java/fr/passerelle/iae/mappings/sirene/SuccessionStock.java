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
 * A {@code StockEtablissementLiensSuccession} file read row by row (PARTNERS §4.3): only the links whose predecessor
 * the caller knows become records.
 */
public final class SuccessionStock implements Closeable {

    public static final List<String> REQUIRED = List.of("siretEtablissementPredecesseur", "siretEtablissementSuccesseur",
            "dateLienSuccession", "transfertSiege", "continuiteEconomique", "dateDernierTraitementLienSuccession");

    private final StockCsv csv;
    private final int predecessor;
    private final int successor;
    private final int date;
    private final int transfer;
    private final int continuity;
    private final int processed;

    public SuccessionStock(InputStream content) throws IOException, StockRefusal {
        this.csv = new StockCsv(content);
        List<String> missing = csv.missing(REQUIRED);
        if (!missing.isEmpty()) {
            csv.close();
            throw new StockRefusal(new Rejection("PARTNERS-4.3", "SIRENE_COLUMNS_MISSING", String.join(",", missing),
                    "L'en-tête du fichier StockEtablissementLiensSuccession n'a pas les colonnes " + String.join(", ", missing)
                            + " : le fichier est refusé en entier."));
        }
        predecessor = csv.column("siretEtablissementPredecesseur");
        successor = csv.column("siretEtablissementSuccesseur");
        date = csv.column("dateLienSuccession");
        transfer = csv.column("transfertSiege");
        continuity = csv.column("continuiteEconomique");
        processed = csv.column("dateDernierTraitementLienSuccession");
    }

    public long rows() {
        return csv.rows();
    }

    /** The next link of a known predecessor, or a rejected row; null at the end of the file. */
    public RecordOutcome<SuccessionRecord> next(SiretSet known) throws IOException {
        RecordOutcome<Long> row = csv.nextOf(predecessor, "siretEtablissementPredecesseur", known);
        if (!(row instanceof RecordOutcome.Accepted<Long> found)) {
            return row == null ? null : ((RecordOutcome.Rejected<Long>) row).of();
        }
        long line = found.line();
        long from = found.record();
        long to = csv.digits(successor, 14);
        if (!SiretDigits.valid(to)) {
            String raw = csv.text(successor);
            return new RecordOutcome.Rejected<>(line, SiretDigits.rejection(raw, "siretEtablissementSuccesseur"), raw);
        }
        String dateText = csv.text(date);
        LocalDate effective;
        try {
            effective = LocalDate.parse(dateText == null ? "" : dateText);
        } catch (DateTimeParseException e) {
            return new RecordOutcome.Rejected<>(line, new Rejection("PARTNERS-4.3", "SIRENE_DATE", "dateLienSuccession",
                    "La date du lien de succession est obligatoire, au format AAAA-MM-JJ."), dateText);
        }
        String processedText = csv.text(processed);
        LocalDateTime processedAt;
        try {
            processedAt = processedText == null ? null : LocalDateTime.parse(processedText);
        } catch (DateTimeParseException e) {
            return new RecordOutcome.Rejected<>(line, new Rejection("PARTNERS-4.3", "SIRENE_DATE",
                    "dateDernierTraitementLienSuccession", "La date de traitement doit être au format AAAA-MM-JJTHH:MM:SS."),
                    processedText);
        }
        return new RecordOutcome.Accepted<>(line, new SuccessionRecord(SiretSet.text(from), SiretSet.text(to), effective,
                csv.is(transfer, "true"), csv.is(continuity, "true"), processedAt));
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}

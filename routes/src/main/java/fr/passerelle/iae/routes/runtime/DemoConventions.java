package fr.passerelle.iae.routes.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.BusinessDate;

/**
 * The embedded default's demo conventionnement delivery: on the first start only, ASP's two fluxIAE views of one ACI
 * structure, the README's employer {@code 73282932000074} (templates in {@code demo/}), are dropped in the
 * {@code conventions/} drop box the way ASP drops them, with a financial annex covering the current year. The hub then
 * imports them like any delivery, so the README's hire finds a convention known to ASP and its fiche salarié makes the
 * whole ASP round trip (PARTNERS FS-01). Later starts drop nothing: the data folder keeps what the first one brought.
 */
@Component
@ConditionalOnProperty(name = "passerelle.demo.enabled", havingValue = "true")
class DemoConventions {

    private static final Logger LOG = LoggerFactory.getLogger(DemoConventions.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("ddMMyyyy_HHmmss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final Path home;
    private final Path dropBox;
    private final Clock clock;

    DemoConventions(@Value("${passerelle.home}") String home, @Value("${passerelle.sftp.root}") String sftpRoot, Clock clock) {
        this.home = Path.of(home);
        this.dropBox = Path.of(sftpRoot).resolve("conventions");
        this.clock = clock;
    }

    @EventListener
    public void ready(ApplicationReadyEvent event) {
        Path marker = home.resolve("demo-conventions-dropped");
        if (Files.exists(marker)) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(BusinessDate.PARIS));
        LocalDate today = now.toLocalDate();
        String stamp = STAMP.format(now);
        try {
            Files.createDirectories(dropBox);
            // the annex view first: the Structure view then finds its sibling in the same poll
            drop("fluxIAE_AnnexeFinanciere", stamp, today);
            drop("fluxIAE_Structure", stamp, today);
            Files.writeString(marker, stamp + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("demo: conventionnement delivery {} dropped in {} (ACI 73282932000074, annex {})", stamp, dropBox, today.getYear());
    }

    /** Written under a dot name, then renamed, as a partner uploads: the route never reads a half-written view. */
    private void drop(String view, String stamp, LocalDate today) throws IOException {
        String template;
        try (InputStream in = DemoConventions.class.getResourceAsStream("/demo/" + view + ".csv")) {
            if (in == null) {
                throw new IllegalStateException("demo template " + view + ".csv missing from the application");
            }
            template = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        String content = template.replace("{{stamp}}", stamp)
                .replace("{{modified}}", DATE.format(today))
                .replace("{{start}}", DATE.format(today.withDayOfYear(1)))
                .replace("{{end}}", DATE.format(today.withMonth(12).withDayOfMonth(31)));
        String name = view + "_" + stamp + ".csv";
        Path part = dropBox.resolve(".uploading-" + name);
        Files.writeString(part, content, StandardCharsets.US_ASCII);
        Files.move(part, dropBox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}

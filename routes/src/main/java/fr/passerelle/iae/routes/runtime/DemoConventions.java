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

    private final String password;

    DemoConventions(@Value("${passerelle.home}") String home, @Value("${passerelle.sftp.root}") String sftpRoot, Clock clock,
                    @Value("${passerelle.asp.fluxiae-password:}") String password) {
        this.home = Path.of(home);
        this.dropBox = Path.of(sftpRoot).resolve("conventions");
        this.clock = clock;
        this.password = password;
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
            drop(stamp, today);
            Files.writeString(marker, stamp + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("demo: conventionnement delivery {} dropped in {} (ACI 73282932000074, annex {})", stamp, dropBox, today.getYear());
    }

    /**
     * As ASP ships it (PARTNERS §2.1): a ZIP named {@code .tar.gz} holding each view in a ZIP of its own named
     * {@code .csv.gz}, encrypted with WinZip AES under the configured secret. Written under a dot name, then renamed, as
     * a partner uploads: the route never reads a half-written delivery.
     */
    private void drop(String stamp, LocalDate today) throws IOException {
        java.io.ByteArrayOutputStream delivery = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream outer = new java.util.zip.ZipOutputStream(delivery)) {
            for (String view : new String[] {"fluxIAE_Structure", "fluxIAE_AnnexeFinanciere"}) {
                outer.putNextEntry(new java.util.zip.ZipEntry(view + "_" + stamp + ".csv.gz"));
                outer.write(innerArchive(view + "_" + stamp + ".csv", view(view, stamp, today)));
                outer.closeEntry();
            }
        }
        String name = "fluxIAE_" + stamp + ".tar.gz";
        Path part = dropBox.resolve(".uploading-" + name);
        Files.write(part, delivery.toByteArray());
        Files.move(part, dropBox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private byte[] innerArchive(String name, String content) throws IOException {
        net.lingala.zip4j.model.ZipParameters parameters = new net.lingala.zip4j.model.ZipParameters();
        parameters.setFileNameInZip(name);
        if (!password.isEmpty()) {
            parameters.setEncryptFiles(true);
            parameters.setEncryptionMethod(net.lingala.zip4j.model.enums.EncryptionMethod.AES);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (net.lingala.zip4j.io.outputstream.ZipOutputStream zip = new net.lingala.zip4j.io.outputstream.ZipOutputStream(bytes,
                password.isEmpty() ? null : password.toCharArray())) {
            zip.putNextEntry(parameters);
            zip.write(content.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static String view(String view, String stamp, LocalDate today) throws IOException {
        String template;
        try (InputStream in = DemoConventions.class.getResourceAsStream("/demo/" + view + ".csv")) {
            if (in == null) {
                throw new IllegalStateException("demo template " + view + ".csv missing from the application");
            }
            template = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        return template.replace("{{stamp}}", stamp)
                .replace("{{modified}}", DATE.format(today))
                .replace("{{start}}", DATE.format(today.withDayOfYear(1)))
                .replace("{{end}}", DATE.format(today.withMonth(12).withDayOfMonth(31)));
    }
}

package fr.passerelle.iae.registry.employer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import fr.passerelle.iae.mappings.fluxiae.FluxIaeFile;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeRefusal;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;

/**
 * One view file of a fluxIAE delivery on local disk (PARTNERS §2.1): a file of its own, or an entry of the delivery's
 * ZIP ({@code entry}), opened as often as needed.
 *
 * @param fileName the view file's own name, as the journal and the reject report name it
 */
public record DeliveryView(FluxIaeView view, String fileName, Path file, String entry) {

    /** @param name the file's name in the drop box (its local copy may be named otherwise) */
    public static DeliveryView loose(FluxIaeView view, String name, Path file) {
        return new DeliveryView(view, name, file, null);
    }

    public static DeliveryView inArchive(FluxIaeView view, Path archive, String entry) {
        return new DeliveryView(view, entry.substring(entry.lastIndexOf('/') + 1), archive, entry);
    }

    /** Opens the view and reads its head (PARTNERS §2.2); a view that cannot be read as one is refused. */
    FluxIaeFile open(char[] password) throws IOException, FluxIaeRefusal {
        if (entry == null) {
            return FluxIaeFile.open(Files.newInputStream(file), Files.size(file), fileName, view, password);
        }
        ZipFile zip = new ZipFile(file.toFile());
        try {
            ZipEntry inZip = zip.getEntry(entry);
            // closing the lines closes the archive
            InputStream bytes = new FilterInputStream(zip.getInputStream(inZip)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
            return FluxIaeFile.open(bytes, inZip.getCompressedSize(), fileName, view, password);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }
}

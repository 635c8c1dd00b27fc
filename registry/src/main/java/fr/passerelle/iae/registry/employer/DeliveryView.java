package fr.passerelle.iae.registry.employer;

import java.io.IOException;

import fr.passerelle.iae.mappings.BoundedLines;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;

/**
 * One view file of a fluxIAE delivery, opened as often as needed: already unzipped or gunzipped, UTF-8, its lines
 * and inflated size bounded (FILE-01, FILE-04).
 */
public interface DeliveryView {

    FluxIaeView view();

    String fileName();

    BoundedLines open() throws IOException;
}

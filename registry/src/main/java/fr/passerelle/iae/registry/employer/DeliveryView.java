package fr.passerelle.iae.registry.employer;

import java.io.BufferedReader;
import java.io.IOException;

import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;

/** One view file of a fluxIAE delivery, opened as often as needed (already unzipped or gunzipped, UTF-8). */
public interface DeliveryView {

    FluxIaeView view();

    String fileName();

    BufferedReader open() throws IOException;
}

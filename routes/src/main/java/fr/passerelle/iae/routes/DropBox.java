package fr.passerelle.iae.routes;

/**
 * A partner drop box on the hub's SFTP server, as a camel-ftp endpoint URI: the connection and its strict host
 * key check are written once here, each flow adds the options of its own use (read lock, move, temp name…).
 */
public final class DropBox {

    private static final String CONNECTION = "username={{passerelle.sftp.user}}&privateKeyFile={{passerelle.sftp.private-key}}"
            + "&knownHostsFile={{passerelle.sftp.known-hosts}}&strictHostKeyChecking=yes&useUserKnownHostsFile=false";

    private DropBox() {
    }

    /** @param folder the drop box, relative to the SFTP login directory ({@code conventions}, {@code francetravail/pass}…) */
    public static String at(String folder, String options) {
        return "sftp://{{passerelle.sftp.host}}:{{passerelle.sftp.port}}/" + folder + "?" + CONNECTION + "&" + options;
    }
}

package fr.passerelle.iae.connectors.infra;

import java.nio.file.Path;

/**
 * How to reach the embedded SFTP server.
 *
 * @param host       address the server listens on ({@code 127.0.0.1})
 * @param port       its port
 * @param user       login name
 * @param password   password of {@code user} (local development secret)
 * @param privateKey the hub's RSA private key (OpenSSH PEM, readable by JSch), accepted by the server
 * @param knownHosts an OpenSSH {@code known_hosts} file holding the server's RSA host key for this host and port
 * @param root       the user's login directory on the local disk, holding the partner drop boxes
 */
public record SftpAccess(String host, int port, String user, String password, Path privateKey, Path knownHosts, Path root) {

    /** Same as the record's own, but without the password. */
    @Override
    public String toString() {
        return "SftpAccess[host=" + host + ", port=" + port + ", user=" + user + ", password=***, privateKey=" + privateKey
                + ", knownHosts=" + knownHosts + ", root=" + root + "]";
    }
}

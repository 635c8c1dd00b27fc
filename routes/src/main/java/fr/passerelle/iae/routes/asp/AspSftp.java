package fr.passerelle.iae.routes.asp;

import fr.passerelle.iae.routes.DropBox;

/**
 * The ASP extranet's SFTP server (PARTNERS §1.2) as camel-ftp endpoint URIs. ASP's server only speaks the legacy
 * {@code ssh-rsa} signature algorithm, which JSch disables by default: it is added to the accepted host key and
 * public-key algorithms on these endpoints only, the other drop boxes keep JSch's defaults. Host keys are checked
 * strictly against the configured known_hosts; connecting gives up after 10 s.
 */
final class AspSftp {

    private static final String CONNECTION = "username={{passerelle.asp.sftp.user}}&privateKeyFile={{passerelle.asp.sftp.private-key}}"
            + "&knownHostsFile={{passerelle.asp.sftp.known-hosts}}&strictHostKeyChecking=yes&useUserKnownHostsFile=false"
            + "&serverHostKeys={{passerelle.asp.sftp.host-key-algorithms}}"
            + "&publicKeyAcceptedAlgorithms={{passerelle.asp.sftp.public-key-algorithms}}"
            + "&connectTimeout={{passerelle.asp.sftp.connect-timeout-ms}}&binary=true&disconnect=true";

    private AspSftp() {
    }

    /**
     * {@code depot/}: the file is written under its final name (§1.2); {@code Override} writes without asking whether
     * the name exists and {@code autoCreate=false} creates no folder: ASP's server lets clients neither list nor stat
     * what was deposited, and a write that completes without error is the proof.
     */
    static String depot() {
        return "sftp://{{passerelle.asp.sftp.host}}:{{passerelle.asp.sftp.port}}/{{passerelle.asp.sftp.depot}}?" + CONNECTION
                + "&fileExist=Override&autoCreate=false";
    }

    /** {@code retrait/}, shared with other ASP flows: only our return files are taken, each deleted once applied. */
    static DropBox.Inbound retrait() {
        return DropBox.inbound(options -> "sftp://{{passerelle.asp.sftp.host}}:{{passerelle.asp.sftp.port}}/{{passerelle.asp.sftp.retrait}}?"
                + CONNECTION + "&" + options);
    }
}

package fr.passerelle.iae.routes;

import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * A partner drop box on the hub's SFTP server, as a camel-ftp endpoint URI: the connection and its strict host
 * key check are written once here. A flow that takes files from a box builds its consumer with {@link #inbound};
 * one that writes into a box adds the options of its own use (temp name, fileExist…) with {@link #at}.
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

    /** The consumer of a drop box of the hub's server ({@link #at}). */
    public static Inbound inbound(String folder) {
        return new Inbound(options -> at(folder, options));
    }

    /** The consumer of a drop box on another server (ASP's {@code retrait/}): {@code box} appends the options to its URI. */
    public static Inbound inbound(UnaryOperator<String> box) {
        return new Inbound(box);
    }

    /** The options of a consumer that takes a partner's files; each flow picks those it needs, {@link #uri} writes them. */
    public static final class Inbound {

        private final UnaryOperator<String> box;
        private final StringJoiner options = new StringJoiner("&");

        private Inbound(UnaryOperator<String> box) {
            this.box = box;
            // paths given whole, no cd into the box: a download that fails mid-way (another node took the file first)
            // left a stepwise consumer's session in the box's folder, and every later poll failed to cd into it again
            // (seen in the fault suite: ASP returns of one node stuck for minutes, "Cannot change directory to: asp")
            options.add("stepwise=false");
        }

        /** RAW: Camel takes the regular expression as written, without decoding it as a URI. */
        public Inbound include(String regex) {
            return with("include=RAW(" + regex + ")");
        }

        /** The read lock with a check every 500 ms, given up after 60 s. */
        public Inbound readLock(String minAgeMs) {
            return readLock(minAgeMs, 500, 60000);
        }

        /**
         * A file still being written is left until it has not changed for a while. readLockMinLength=0: an empty
         * file is taken (and refused) at once, instead of holding the consumer for the whole timeout at each poll, ahead of
         * every other file.
         */
        public Inbound readLock(String minAgeMs, int checkIntervalMs, int timeoutMs) {
            return with("readLock=changed&readLockMinAge=" + minAgeMs + "&readLockCheckInterval=" + checkIntervalMs
                    + "&readLockTimeout=" + timeoutMs + "&readLockMinLength=0");
        }

        /** Files are downloaded to a local work folder, so a big delivery never sits in memory. */
        public Inbound workDir(String folder) {
            return with("localWorkDirectory=" + folder);
        }

        /** As on ASP's connection: the session is closed after each poll, none stays open on the server in between. */
        public Inbound sessionPerPoll() {
            return with("binary=true&disconnect=true");
        }

        /** FILE-03: a taken file moves where {@link FileQuarantine#guard} (or the flow) sets the header, done/ or quarantine/. */
        public Inbound moveAsQuarantineSays() {
            return with("move=${header." + FileQuarantine.MOVE_TO + "}");
        }

        /** Files are taken in the order of their names. */
        public Inbound inNameOrder() {
            return with("sortBy=file:name");
        }

        /**
         * The first poll runs at once: Camel's consumer health check says DOWN until a consumer has polled once. A fault of
         * the consumer itself (a download that fails…) goes to the route's error handler, so the flow's drop-box policy sees it.
         */
        public Inbound pollEvery(String delayMs) {
            return with("initialDelay=0&delay=" + delayMs + "&bridgeErrorHandler=true");
        }

        /**
         * The flow's one poller thread, on which a run on demand ({@code PollNow}) polls too: never two polls at once (an
         * SFTP consumer is not thread-safe).
         */
        public Inbound poller(String executorBean) {
            return with("scheduledExecutorService=#" + executorBean);
        }

        /** Options of the flow's own use. */
        public Inbound with(String options) {
            this.options.add(options);
            return this;
        }

        public String uri() {
            return box.apply(options.toString());
        }
    }
}

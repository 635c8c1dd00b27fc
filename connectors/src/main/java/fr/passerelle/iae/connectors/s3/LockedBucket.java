package fr.passerelle.iae.connectors.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A bucket of an S3-compatible store with object lock, used write-once: each object is written only if its name is
 * free ({@code If-None-Match: *}) and locked in COMPLIANCE mode until a date, so that nobody, the bucket's owner
 * included, can delete or replace it before then. Path-style requests signed with AWS Signature Version 4; the bytes
 * are streamed from a file and checked by the store against their SHA-256 ({@code x-amz-checksum-sha256}).
 */
public final class LockedBucket {

    /** An object as the store describes it: its version and the lock on that version. */
    public record Head(String versionId, String lockMode, Instant retainUntil) {
    }

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    // S3's own bounds are 5 MB to 5 GB; 64 MiB keeps a part's retry small
    private static final long DEFAULT_PART_SIZE = 64L << 20;
    private static final int ERROR_BODY_LIMIT = 4096;

    private final URI endpoint;
    private final String bucket;
    private final String region;
    private final String accessKey;
    private final byte[] signingSecret;
    private final Clock clock;
    private final Duration timeout;
    private final long partSize;
    private final HttpClient http;

    public LockedBucket(URI endpoint, String bucket, String region, String accessKey, String secretKey, Clock clock, Duration timeout) {
        this(endpoint, bucket, region, accessKey, secretKey, clock, timeout, DEFAULT_PART_SIZE);
    }

    /** @param partSize the largest file sent in one request, and the size of the parts of a larger one */
    public LockedBucket(URI endpoint, String bucket, String region, String accessKey, String secretKey, Clock clock, Duration timeout,
                        long partSize) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.region = region;
        this.accessKey = accessKey;
        this.signingSecret = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.timeout = timeout;
        this.partSize = partSize;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Writes {@code file} as {@code name}, locked until {@code until}; nothing when that name is taken already (the
     * same bytes, since names are their hashes). A file larger than a part is sent in parts (multipart upload): one
     * request may carry 5 GB at most, and a SIRENE stock is twice that.
     *
     * @param sha256 the file's SHA-256, hex, when the caller has it; read from the file otherwise
     * @return false when the name was taken
     */
    public boolean keep(String name, Path file, String sha256, Instant until) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        headers.put("x-amz-object-lock-mode", "COMPLIANCE");
        headers.put("x-amz-object-lock-retain-until-date", until.truncatedTo(ChronoUnit.SECONDS).toString());
        if (Files.size(file) > partSize) {
            return keepInParts(name, file, headers);
        }
        headers.put("if-none-match", "*");
        headers.put("x-amz-checksum-sha256", base64(sha256 != null ? HexFormat.of().parseHex(sha256) : sha256Of(file, 0, Long.MAX_VALUE)));
        HttpResponse<InputStream> answer = send("PUT", name, null, headers, HttpRequest.BodyPublishers.ofFile(file));
        try (InputStream body = answer.body()) {
            if (answer.statusCode() == 200) {
                return true;
            }
            if (answer.statusCode() == 412) {
                return false;
            }
            throw refused("PUT", name, answer.statusCode(), body);
        }
    }

    private boolean keepInParts(String name, Path file, Map<String, String> lock) throws IOException {
        Map<String, String> headers = new TreeMap<>(lock);
        headers.put("x-amz-checksum-algorithm", "SHA256");
        String uploadId;
        HttpResponse<InputStream> created = send("POST", name, "uploads=", headers, HttpRequest.BodyPublishers.noBody());
        try (InputStream body = created.body()) {
            if (created.statusCode() != 200) {
                throw refused("POST", name, created.statusCode(), body);
            }
            uploadId = element(new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8), "UploadId")
                    .orElseThrow(() -> new IOException("POST " + bucket + "/" + name + "?uploads: the store answered no UploadId"));
        }
        String upload = "uploadId=" + encode(uploadId);
        try {
            StringBuilder parts = new StringBuilder("<CompleteMultipartUpload>");
            long size = Files.size(file);
            for (int number = 1; (long) (number - 1) * partSize < size; number++) {
                long offset = (number - 1) * partSize;
                long length = Math.min(partSize, size - offset);
                String checksum = base64(sha256Of(file, offset, length));
                HttpResponse<InputStream> sent = send("PUT", name, "partNumber=" + number + "&" + upload,
                        Map.of("x-amz-checksum-sha256", checksum), HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> slice(file, offset, length)), length));
                try (InputStream body = sent.body()) {
                    if (sent.statusCode() != 200) {
                        throw refused("PUT", name + " part " + number, sent.statusCode(), body);
                    }
                }
                parts.append("<Part><PartNumber>").append(number).append("</PartNumber><ETag>")
                        .append(sent.headers().firstValue("ETag").orElse("").replace("&", "&amp;").replace("\"", "&quot;"))
                        .append("</ETag><ChecksumSHA256>").append(checksum).append("</ChecksumSHA256></Part>");
            }
            parts.append("</CompleteMultipartUpload>");
            HttpResponse<InputStream> completed = send("POST", name, upload, Map.of("if-none-match", "*"),
                    HttpRequest.BodyPublishers.ofString(parts.toString()));
            try (InputStream body = completed.body()) {
                String text = new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
                // a completion can fail after its 200 has been sent: the error is then in the body
                if (completed.statusCode() == 200 && element(text, "Code").isEmpty()) {
                    return true;
                }
                if (completed.statusCode() == 412) {
                    abort(name, upload);
                    return false;
                }
                throw new IOException("POST " + bucket + "/" + name + "?uploadId: the store answered HTTP " + completed.statusCode()
                        + element(text, "Code").map(code -> " " + code).orElse(""));
            }
        } catch (IOException | RuntimeException e) {
            abort(name, upload);
            throw e;
        }
    }

    /** Drops the parts sent: a store keeps (and bills) the parts of an upload never completed. */
    private void abort(String name, String upload) {
        try {
            send("DELETE", name, upload, Map.of(), HttpRequest.BodyPublishers.noBody()).body().close();
        } catch (IOException e) {
            // the store's lifecycle rule for incomplete uploads is the fallback
        }
    }

    private static InputStream slice(Path file, long offset, long length) {
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return new BoundedInput(in, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object's bytes; empty when there is none of that name. */
    public Optional<InputStream> open(String name) throws IOException {
        HttpResponse<InputStream> answer = send("GET", name, null, Map.of(), HttpRequest.BodyPublishers.noBody());
        if (answer.statusCode() == 200) {
            return Optional.of(answer.body());
        }
        try (InputStream body = answer.body()) {
            if (answer.statusCode() == 404) {
                return Optional.empty();
            }
            throw refused("GET", name, answer.statusCode(), body);
        }
    }

    public Optional<Head> head(String name) throws IOException {
        HttpResponse<InputStream> answer = send("HEAD", name, null, Map.of(), HttpRequest.BodyPublishers.noBody());
        try (InputStream body = answer.body()) {
            if (answer.statusCode() == 404) {
                return Optional.empty();
            }
            if (answer.statusCode() != 200) {
                throw refused("HEAD", name, answer.statusCode(), body);
            }
        }
        return Optional.of(new Head(answer.headers().firstValue("x-amz-version-id").orElse(null),
                answer.headers().firstValue("x-amz-object-lock-mode").orElse(null),
                answer.headers().firstValue("x-amz-object-lock-retain-until-date").map(Instant::parse).orElse(null)));
    }

    /**
     * Deletes the object's version for good (a delete without a version only hides it behind a marker); the store
     * refuses it while the version is locked.
     */
    public void remove(String name) throws IOException {
        Optional<Head> head = head(name);
        if (head.isEmpty()) {
            return;
        }
        String query = head.get().versionId() == null ? null
                : "versionId=" + encode(head.get().versionId());
        HttpResponse<InputStream> answer = send("DELETE", name, query, Map.of(), HttpRequest.BodyPublishers.noBody());
        try (InputStream body = answer.body()) {
            if (answer.statusCode() != 204 && answer.statusCode() != 200 && answer.statusCode() != 404) {
                throw refused("DELETE", name, answer.statusCode(), body);
            }
        }
    }

    private HttpResponse<InputStream> send(String method, String name, String query, Map<String, String> extra,
                                           HttpRequest.BodyPublisher body) throws IOException {
        String path = "/" + bucket + "/" + name;
        URI uri = URI.create(endpoint.toString().replaceAll("/+$", "") + path + (query == null ? "" : "?" + query));
        Instant now = clock.instant();
        Map<String, String> headers = new TreeMap<>(extra);
        headers.put("host", uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        headers.put("x-amz-date", AMZ_DATE.format(now));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body)
                .header("Authorization", authorization(method, path, query, headers, now));
        headers.forEach((header, value) -> {
            if (!header.equals("host")) {
                request.header(header, value);
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " " + uri + ": interrupted", e);
        }
    }

    /** AWS Signature Version 4 over the method, path, query and every header sent, the payload unsigned. */
    private String authorization(String method, String path, String query, Map<String, String> headers, Instant now) {
        String date = AMZ_DATE.format(now).substring(0, 8);
        String scope = date + "/" + region + "/s3/aws4_request";
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((header, value) -> canonicalHeaders.append(header).append(':').append(value.strip()).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = method + "\n" + path + "\n" + (query == null ? "" : query) + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\nUNSIGNED-PAYLOAD";
        String toSign = "AWS4-HMAC-SHA256\n" + AMZ_DATE.format(now) + "\n" + scope + "\n"
                + HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(signingSecret, date.getBytes(StandardCharsets.UTF_8));
        key = hmac(key, region.getBytes(StandardCharsets.UTF_8));
        key = hmac(key, "s3".getBytes(StandardCharsets.UTF_8));
        key = hmac(key, "aws4_request".getBytes(StandardCharsets.UTF_8));
        String signature = HexFormat.of().formatHex(hmac(key, toSign.getBytes(StandardCharsets.UTF_8)));
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    private IOException refused(String method, String name, int status, InputStream body) throws IOException {
        String text = new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        return new IOException(method + " " + bucket + "/" + name + ": the store answered HTTP " + status
                + element(text, "Code").map(code -> " " + code).orElse(""));
    }

    /** The text of the first {@code <element>} of an S3 XML answer (read bounded; these elements hold no markup). */
    private static Optional<String> element(String xml, String element) {
        Matcher found = Pattern.compile("<" + element + ">([^<]{1,1024})</" + element + ">").matcher(xml);
        return found.find() ? Optional.of(found.group(1)) : Optional.empty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] sha256Of(Path file, long offset, long length) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(slice(file, offset, length), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HMAC-SHA256", e);
        }
    }

    /** The first {@code length} bytes of a stream: one part of a file. */
    private static final class BoundedInput extends FilterInputStream {
        private long left;

        BoundedInput(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = super.read();
            if (read >= 0) {
                left--;
            }
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, left));
            if (read > 0) {
                left -= read;
            }
            return read;
        }
    }
}

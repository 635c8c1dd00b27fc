package fr.passerelle.iae.connectors.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;

import fr.passerelle.iae.connectors.infra.LoopbackHttpServer;

/**
 * An S3-compatible store playing what the hub needs of one, as Amazon S3's API reference describes it: one versioned
 * bucket with object lock, path-style PutObject, GetObject, HeadObject and DeleteObject, requests authenticated with
 * Signature Version 4 (its own check: a wrong key, signature or a clock off by more than 15 minutes is refused with
 * 403), conditional writes ({@code If-None-Match: *} → 412), {@code x-amz-checksum-sha256} checked (400 BadDigest),
 * the lock headers required with a checksum and honoured: a locked version is never deleted (403 AccessDenied), in
 * COMPLIANCE mode not even by the bucket's owner; multipart uploads (parts of 5 MB at least but the last, each with
 * its checksum, listed back in order with their ETags at completion), a single PUT of 5 GB at most. The bytes lie in a folder, one file per version, so that a test can
 * play someone who changes them behind the store's back. {@link #unavailable} answers 503 SlowDown to everything.
 */
public final class S3Simulator implements AutoCloseable {

    /** A version of an object: its bytes, its lock; a delete marker has no bytes. */
    public record Version(String id, Path bytes, String lockMode, Instant retainUntil) {
        boolean deleteMarker() {
            return bytes == null;
        }
    }

    private record Lock(String mode, Instant until) {
    }

    private record Part(Path bytes, String etag, String checksum) {
    }

    private record Upload(String key, Lock lock, boolean checksummed, Map<Integer, Part> parts) {
    }

    private static final long MAX_PUT = 5L << 30;
    private static final long MIN_PART = 5L << 20;
    private static final Pattern LISTED_PART = Pattern.compile(
            "<Part>\\s*<PartNumber>(\\d{1,5})</PartNumber>\\s*<ETag>([^<]{1,100})</ETag>\\s*(?:<ChecksumSHA256>([^<]{1,100})</ChecksumSHA256>\\s*)?</Part>");
    private static final Pattern CREDENTIAL = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/s3/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration SKEW = Duration.ofMinutes(15);

    private final LoopbackHttpServer server;
    private final Path folder;
    private final String bucket;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final Clock clock;
    private final Map<String, List<Version>> objects = new ConcurrentHashMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    private S3Simulator(Path folder, String bucket, String region, String accessKey, String secretKey, Clock clock) {
        this.folder = folder;
        this.bucket = bucket;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.clock = clock;
        this.server = LoopbackHttpServer.start("s3-simulator", 0, 4);
        server.handleAll(this::handle);
    }

    public static S3Simulator start(Path folder, String bucket, String region, String accessKey, String secretKey, Clock clock)
            throws IOException {
        return new S3Simulator(Files.createDirectories(folder), bucket, region, accessKey, secretKey, clock);
    }

    public URI endpoint() {
        return server.baseUrl();
    }

    /** While true, every request is answered 503 SlowDown. */
    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** The versions of an object, oldest first. */
    public List<Version> versions(String key) {
        return List.copyOf(objects.getOrDefault(key, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (unavailable) {
                error(exchange, 503, "SlowDown", "Please reduce your request rate.");
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            Optional<String> refused = authenticationFault(exchange, rawPath);
            if (refused.isPresent()) {
                error(exchange, 403, refused.get(), "The request signature we calculated does not match the signature you provided.");
                return;
            }
            String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
            if (!path.startsWith("/" + bucket + "/") || path.length() == bucket.length() + 2) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist.");
                return;
            }
            String key = path.substring(bucket.length() + 2);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String uploadId = query.get("uploadId");
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    if (query.containsKey("uploads")) {
                        createUpload(exchange, key);
                    } else if (uploadId != null) {
                        completeUpload(exchange, key, uploadId);
                    } else {
                        error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
                    }
                }
                case "PUT" -> {
                    if (uploadId != null) {
                        putPart(exchange, uploadId, query.get("partNumber"));
                    } else {
                        put(exchange, key);
                    }
                }
                case "GET" -> get(exchange, key, true);
                case "HEAD" -> get(exchange, key, false);
                case "DELETE" -> {
                    if (uploadId != null) {
                        abortUpload(exchange, uploadId);
                    } else {
                        delete(exchange, key, query.get("versionId"));
                    }
                }
                default -> error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            }
        }
    }

    private synchronized void put(HttpExchange exchange, String key) throws IOException {
        var headers = exchange.getRequestHeaders();
        String checksum = headers.getFirst("x-amz-checksum-sha256");
        Optional<Lock> lock = lock(exchange, checksum != null || headers.getFirst("Content-MD5") != null);
        if (lock == null) {
            return;
        }
        String length = headers.getFirst("Content-Length");
        if (length != null && Long.parseLong(length) > MAX_PUT) {
            error(exchange, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
            return;
        }
        if ("*".equals(headers.getFirst("If-None-Match")) && exists(key)) {
            error(exchange, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
            return;
        }
        String versionId = newId();
        Path bytes = folder.resolve(versionId);
        if (!received(exchange, bytes, checksum)) {
            return;
        }
        Version version = new Version(versionId, bytes, lock.map(Lock::mode).orElse(null), lock.map(Lock::until).orElse(null));
        objects.computeIfAbsent(key, k -> new ArrayList<>()).add(version);
        exchange.getResponseHeaders().set("x-amz-version-id", versionId);
        exchange.sendResponseHeaders(200, -1);
    }

    /**
     * The object lock a request asks for; empty when none; null when it is refused (the error is sent). With a lock,
     * a checksum is required.
     */
    private Optional<Lock> lock(HttpExchange exchange, boolean checksummed) throws IOException {
        var headers = exchange.getRequestHeaders();
        String mode = headers.getFirst("x-amz-object-lock-mode");
        String until = headers.getFirst("x-amz-object-lock-retain-until-date");
        if (mode == null && until == null) {
            return Optional.empty();
        }
        if (!checksummed) {
            error(exchange, 400, "InvalidRequest",
                    "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters");
            return null;
        }
        if (!"COMPLIANCE".equals(mode) && !"GOVERNANCE".equals(mode) || until == null) {
            error(exchange, 400, "InvalidArgument", "Unknown wormMode directive.");
            return null;
        }
        Instant retainUntil;
        try {
            retainUntil = Instant.parse(until);
        } catch (DateTimeParseException e) {
            error(exchange, 400, "InvalidArgument", "The retain until date must be in ISO 8601 format.");
            return null;
        }
        if (!retainUntil.isAfter(clock.instant())) {
            error(exchange, 400, "InvalidArgument", "The retain until date must be in the future!");
            return null;
        }
        return Optional.of(new Lock(mode, retainUntil));
    }

    /** The request's body into {@code bytes}, refused (and not kept) when it does not match its checksum. */
    private static boolean received(HttpExchange exchange, Path bytes, String checksum) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(exchange.getRequestBody(), digest)) {
            Files.copy(in, bytes);
        }
        if (checksum != null && !Base64.getEncoder().encodeToString(digest.digest()).equals(checksum)) {
            Files.delete(bytes);
            error(exchange, 400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.");
            return false;
        }
        return true;
    }

    private synchronized void createUpload(HttpExchange exchange, String key) throws IOException {
        boolean checksummed = "SHA256".equals(exchange.getRequestHeaders().getFirst("x-amz-checksum-algorithm"));
        Optional<Lock> lock = lock(exchange, checksummed);
        if (lock == null) {
            return;
        }
        String uploadId = newId();
        uploads.put(uploadId, new Upload(key, lock.orElse(null), checksummed, new TreeMap<>()));
        xml(exchange, 200, "<InitiateMultipartUploadResult><Bucket>" + bucket + "</Bucket><Key>" + key + "</Key><UploadId>" + uploadId
                + "</UploadId></InitiateMultipartUploadResult>");
    }

    private synchronized void putPart(HttpExchange exchange, String uploadId, String partNumber) throws IOException {
        Upload upload = uploads.get(uploadId);
        if (upload == null) {
            error(exchange, 404, "NoSuchUpload", "The specified multipart upload does not exist.");
            return;
        }
        String checksum = exchange.getRequestHeaders().getFirst("x-amz-checksum-sha256");
        if (upload.checksummed() && checksum == null) {
            error(exchange, 400, "InvalidRequest", "x-amz-checksum-sha256 is required: the upload was created with SHA256");
            return;
        }
        int number;
        try {
            number = Integer.parseInt(partNumber);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1 || number > 10_000) {
            error(exchange, 400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
            return;
        }
        Path bytes = folder.resolve(uploadId + "-" + number);
        Files.deleteIfExists(bytes);
        if (!received(exchange, bytes, checksum)) {
            return;
        }
        String etag = "\"" + HexFormat.of().formatHex(md5(bytes)) + "\"";
        upload.parts().put(number, new Part(bytes, etag, checksum));
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.sendResponseHeaders(200, -1);
    }

    private synchronized void completeUpload(HttpExchange exchange, String key, String uploadId) throws IOException {
        Upload upload = uploads.get(uploadId);
        if (upload == null || !upload.key().equals(key)) {
            error(exchange, 404, "NoSuchUpload", "The specified multipart upload does not exist.");
            return;
        }
        String listed = new String(exchange.getRequestBody().readNBytes(1 << 20), StandardCharsets.UTF_8);
        Matcher part = LISTED_PART.matcher(listed);
        List<Part> parts = new ArrayList<>();
        int expected = 1;
        while (part.find()) {
            Part sent = upload.parts().get(Integer.parseInt(part.group(1)));
            String etag = part.group(2).replace("&quot;", "\"").replace("&amp;", "&");
            if (Integer.parseInt(part.group(1)) != expected++ || sent == null || !sent.etag().equals(etag)
                    || upload.checksummed() && !part.group(3).equals(sent.checksum())) {
                error(exchange, 400, "InvalidPart", "One or more of the specified parts could not be found.");
                return;
            }
            parts.add(sent);
        }
        if (parts.isEmpty()) {
            error(exchange, 400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
            return;
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            if (Files.size(parts.get(i).bytes()) < MIN_PART) {
                error(exchange, 400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
                return;
            }
        }
        if ("*".equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && exists(key)) {
            error(exchange, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
            return;
        }
        String versionId = newId();
        Path bytes = folder.resolve(versionId);
        try (OutputStream out = Files.newOutputStream(bytes)) {
            for (Part sent : parts) {
                Files.copy(sent.bytes(), out);
            }
        }
        dropUpload(uploadId);
        Lock lock = upload.lock();
        objects.computeIfAbsent(key, k -> new ArrayList<>()).add(new Version(versionId, bytes, lock == null ? null : lock.mode(),
                lock == null ? null : lock.until()));
        exchange.getResponseHeaders().set("x-amz-version-id", versionId);
        xml(exchange, 200, "<CompleteMultipartUploadResult><Bucket>" + bucket + "</Bucket><Key>" + key
                + "</Key></CompleteMultipartUploadResult>");
    }

    private synchronized void abortUpload(HttpExchange exchange, String uploadId) throws IOException {
        if (!uploads.containsKey(uploadId)) {
            error(exchange, 404, "NoSuchUpload", "The specified multipart upload does not exist.");
            return;
        }
        dropUpload(uploadId);
        exchange.sendResponseHeaders(204, -1);
    }

    private void dropUpload(String uploadId) throws IOException {
        for (Part part : uploads.remove(uploadId).parts().values()) {
            Files.deleteIfExists(part.bytes());
        }
    }

    /** The uploads begun and neither completed nor aborted. */
    public int uploadsInProgress() {
        return uploads.size();
    }

    private boolean exists(String key) {
        Version current = current(key);
        return current != null && !current.deleteMarker();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private void get(HttpExchange exchange, String key, boolean withBody) throws IOException {
        Version current;
        synchronized (this) {
            current = current(key);
        }
        if (current == null || current.deleteMarker()) {
            if (withBody) {
                error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            return;
        }
        var answer = exchange.getResponseHeaders();
        answer.set("x-amz-version-id", current.id());
        if (current.lockMode() != null) {
            answer.set("x-amz-object-lock-mode", current.lockMode());
            answer.set("x-amz-object-lock-retain-until-date", current.retainUntil().toString());
        }
        long size = Files.size(current.bytes());
        if (!withBody) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(current.bytes(), out);
        }
    }

    private synchronized void delete(HttpExchange exchange, String key, String id) throws IOException {
        List<Version> versions = objects.get(key);
        if (id == null) {
            // no version named: a delete marker hides the object, every version stays
            objects.computeIfAbsent(key, k -> new ArrayList<>()).add(new Version(UUID.randomUUID().toString(), null, null, null));
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        Version version = versions == null ? null : versions.stream().filter(v -> v.id().equals(id)).findFirst().orElse(null);
        if (version == null) {
            error(exchange, 404, "NoSuchVersion", "The specified version does not exist.");
            return;
        }
        boolean bypass = "true".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("x-amz-bypass-governance-retention"));
        if (version.retainUntil() != null && version.retainUntil().isAfter(clock.instant())
                && !("GOVERNANCE".equals(version.lockMode()) && bypass)) {
            error(exchange, 403, "AccessDenied", "Access Denied because object protected by object lock.");
            return;
        }
        versions.remove(version);
        if (version.bytes() != null) {
            Files.deleteIfExists(version.bytes());
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private Version current(String key) {
        List<Version> versions = objects.get(key);
        return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }

    /** Why the request's Signature Version 4 does not hold; empty when it does. */
    private Optional<String> authenticationFault(HttpExchange exchange, String rawPath) {
        var headers = exchange.getRequestHeaders();
        String authorization = headers.getFirst("Authorization");
        String amzDate = headers.getFirst("x-amz-date");
        Matcher parts = authorization == null ? null : CREDENTIAL.matcher(authorization);
        if (parts == null || !parts.matches() || amzDate == null) {
            return Optional.of("AccessDenied");
        }
        if (!parts.group(1).equals(accessKey)) {
            return Optional.of("InvalidAccessKeyId");
        }
        Instant at;
        try {
            at = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Optional.of("AccessDenied");
        }
        if (Duration.between(at, clock.instant()).abs().compareTo(SKEW) > 0) {
            return Optional.of("RequestTimeTooSkewed");
        }
        if (!parts.group(2).equals(amzDate.substring(0, 8)) || !parts.group(3).equals(region)) {
            return Optional.of("SignatureDoesNotMatch");
        }
        StringBuilder canonical = new StringBuilder(exchange.getRequestMethod()).append('\n').append(rawPath).append('\n');
        canonical.append(canonicalQuery(exchange.getRequestURI().getRawQuery())).append('\n');
        String signedHeaders = parts.group(4);
        for (String name : signedHeaders.split(";")) {
            String value = headers.getFirst(name);
            if (value == null) {
                return Optional.of("SignatureDoesNotMatch");
            }
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(value.strip()).append('\n');
        }
        String payload = headers.getFirst("x-amz-content-sha256");
        canonical.append('\n').append(signedHeaders).append('\n').append(payload == null ? "" : payload);
        String scope = parts.group(2) + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HexFormat.of().formatHex(sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {parts.group(2), region, "s3", "aws4_request"}) {
            key = hmac(key, part);
        }
        String expected = HexFormat.of().formatHex(hmac(key, toSign));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), parts.group(5).getBytes(StandardCharsets.US_ASCII))
                ? Optional.empty() : Optional.of("SignatureDoesNotMatch");
    }

    /** The query's parameters sorted by name, each as {@code name=value} (SigV4's canonical query string). */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&")).map(pair -> pair.contains("=") ? pair : pair + "=").sorted()
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new TreeMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static void xml(HttpExchange exchange, int status, String element) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] md5(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}

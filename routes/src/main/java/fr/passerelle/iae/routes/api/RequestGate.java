package fr.passerelle.iae.routes.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import fr.passerelle.iae.registry.access.ApiClients;
import fr.passerelle.iae.routes.runtime.CorrelationIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The front door of {@code /api/v1}, before Camel reads anything (Camel's servlet binding caches a whole body in
 * memory): a request with a body is authenticated first (401 without reading a byte of it), refused at once when it
 * declares more than 64 KB (413), and otherwise read here, at most 64 KB + 1 byte and within a deadline (413, 408),
 * so that neither a huge body nor a slow one can hold memory or a thread for long. Scopes stay with {@link ApiAuthentication}.
 */
@Configuration(proxyBeanMethods = false)
public class RequestGate {

    static final int MAX_BODY = 64 * 1024;
    /** A body of at most 64 KB that takes longer than this is dropped: a slow upload holds a request thread. */
    private static final long BODY_DEADLINE_NANOS = 10_000_000_000L;

    @Bean
    FilterRegistrationBean<HttpFilter> requestGateFilter(ApiClients clients, JsonBodies json) {
        FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                gate(clients, json, request, response, chain);
            }
        });
        registration.addUrlPatterns("/api/v1/*");
        registration.setName("requestGate");
        // after SecurityHeaders, so that a refusal carries them too
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    private static void gate(ApiClients clients, JsonBodies json, HttpServletRequest request, HttpServletResponse response,
                             FilterChain chain) throws IOException, ServletException {
        long declared = request.getContentLengthLong();
        if (declared <= 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        if (clients.authenticate(ApiAuthentication.bearer(request.getHeader("Authorization"))).isEmpty()) {
            refuse(json, request, response, ApiAuthentication.unauthorized());
            return;
        }
        if (declared > MAX_BODY) {
            refuse(json, request, response, tooLarge());
            return;
        }
        byte[] body;
        try {
            body = read(request.getInputStream());
        } catch (ApiError e) {
            refuse(json, request, response, e);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** At most {@link #MAX_BODY} bytes, read before the deadline. */
    private static byte[] read(InputStream in) throws IOException {
        long start = System.nanoTime();
        byte[] body = new byte[MAX_BODY + 1];
        int length = 0;
        int n;
        while (length < body.length && (n = in.read(body, length, body.length - length)) >= 0) {
            length += n;
            if (System.nanoTime() - start > BODY_DEADLINE_NANOS) {
                throw new ApiError(408, "REQUEST_TIMEOUT", "API-FORMAT", null, "Le corps de la requête arrive trop lentement.");
            }
        }
        if (length > MAX_BODY) {
            throw tooLarge();
        }
        return Arrays.copyOf(body, length);
    }

    static ApiError tooLarge() {
        return new ApiError(413, "PAYLOAD_TOO_LARGE", "API-FORMAT", null, "Le corps de la requête dépasse 64 Ko.");
    }

    /** Answered at once, and the connection closed: the rest of the body is not waited for. */
    private static void refuse(JsonBodies json, HttpServletRequest request, HttpServletResponse response, ApiError error)
            throws IOException {
        String correlationId = request.getHeader(CorrelationIds.HTTP_HEADER);
        response.setStatus(error.status());
        response.setHeader("Connection", "close");
        response.setHeader(CorrelationIds.HTTP_HEADER,
                correlationId == null || correlationId.isBlank() || correlationId.length() > 64 ? UUID.randomUUID().toString()
                        : correlationId);
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write(json.error(error).body().getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }

    /** The request as Camel sees it: the body already read, from memory. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}

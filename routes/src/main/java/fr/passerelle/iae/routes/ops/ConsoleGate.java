package fr.passerelle.iae.routes.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.registry.access.ApiClients;
import fr.passerelle.iae.registry.access.ApiClients.ApiClient;
import fr.passerelle.iae.routes.api.ApiAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Puts the hawtio console (and the Jolokia endpoint it drives) behind the API keys of the ops API. A browser
 * cannot add a Bearer header to a page it navigates to, so the dashboard trades the key (scope {@code ops:write}:
 * hawtio can stop routes) for a console session cookie, HttpOnly and SameSite=Strict, valid for a working day.
 * {@code /hawtio} leads to the console, which Spring Boot serves under the actuator path.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleGate {

    static final String SESSION_PATH = "/ops-console/session";
    static final String COOKIE = "passerelle_console";
    private static final Duration SESSION_LENGTH = Duration.ofHours(8);
    private static final String SCOPE = "ops:write";

    /** The key stays in this node's memory only: each use of the session checks it again, so a revoked key ends it. */
    private record Session(String key, Instant expiresAt) {
    }

    private final ApiClients clients;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public ConsoleGate(ApiClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Bean
    FilterRegistrationBean<HttpFilter> consoleGateFilter() {
        FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                gate(request, response, chain);
            }
        });
        registration.addUrlPatterns(SESSION_PATH, "/hawtio", "/hawtio/*", "/actuator/hawtio", "/actuator/hawtio/*",
                "/actuator/jolokia", "/actuator/jolokia/*");
        registration.setName("consoleGate");
        return registration;
    }

    private void gate(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(SESSION_PATH)) {
            openSession(request, response);
            return;
        }
        if (session(request).or(() -> bearer(request)).filter(c -> c.has(SCOPE)).isEmpty()) {
            refuse(response);
            return;
        }
        if (path.equals("/hawtio") || path.startsWith("/hawtio/")) {
            response.sendRedirect(request.getContextPath() + "/actuator/hawtio/");
            return;
        }
        chain.doFilter(request, response);
    }

    private void openSession(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.sendError(405);
            return;
        }
        Optional<ApiClient> client = bearer(request);
        if (client.isEmpty()) {
            response.sendError(401, "Une clé d'API valide est nécessaire.");
            return;
        }
        if (!client.get().has(SCOPE)) {
            response.sendError(403, "La console hawtio demande une clé ayant le droit " + SCOPE + ".");
            return;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.expiresAt().isBefore(now));
        sessions.put(token, new Session(ApiAuthentication.bearer(request.getHeader("Authorization")), now.plus(SESSION_LENGTH)));
        response.addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; Max-Age=" + SESSION_LENGTH.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (request.isSecure() ? "; Secure" : ""));
        response.setStatus(204);
    }

    /** The client of a live console session whose key still authenticates. */
    private Optional<ApiClient> session(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return Optional.empty();
        }
        for (Cookie cookie : request.getCookies()) {
            if (COOKIE.equals(cookie.getName())) {
                Session session = sessions.get(cookie.getValue());
                if (session != null && session.expiresAt().isAfter(clock.instant())) {
                    Optional<ApiClient> client = clients.authenticate(session.key());
                    if (client.isEmpty()) {
                        sessions.remove(cookie.getValue());
                    }
                    return client;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<ApiClient> bearer(HttpServletRequest request) {
        return clients.authenticate(ApiAuthentication.bearer(request.getHeader("Authorization")));
    }

    private static void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(401);
        response.setContentType("text/html; charset=utf-8");
        response.getOutputStream().write("""
                <!doctype html><html lang="fr"><meta charset="utf-8"><title>Console hawtio</title>
                <p>La console hawtio est réservée aux clés d'API ayant le droit ops:write.
                Ouvrez-la depuis le <a href="/">tableau de bord</a> (bouton « Console hawtio »).</p></html>
                """.getBytes(StandardCharsets.UTF_8));
    }
}

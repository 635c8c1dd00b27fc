package fr.passerelle.iae.routes.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.registry.access.ApiClients;
import fr.passerelle.iae.registry.access.ApiClients.ApiClient;
import fr.passerelle.iae.routes.api.ApiAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * API.md's Operations scope on the actuator: without a key, health answers its status only (what a load balancer or
 * a probe needs); its details (components, each flow's last error, database) and the metrics are for an
 * {@code ops:read} key. The key's client becomes the request's principal and its scopes its roles, which is what
 * {@code management.endpoint.health.show-details=when-authorized} reads. hawtio and Jolokia are {@link ConsoleGate}'s.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorGate {

    static final String SCOPE = "ops:read";

    @Bean
    FilterRegistrationBean<HttpFilter> actuatorGateFilter(ApiClients clients) {
        FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                gate(clients, request, response, chain);
            }
        });
        registration.addUrlPatterns("/actuator/*");
        registration.setName("actuatorGate");
        return registration;
    }

    private static void gate(ApiClients clients, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/actuator/hawtio") || path.startsWith("/actuator/jolokia")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiClient> client = clients.authenticate(ApiAuthentication.bearer(request.getHeader("Authorization")));
        boolean open = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
        if (!open && client.filter(c -> c.has(SCOPE)).isEmpty()) {
            response.setStatus(client.isEmpty() ? 401 : 403);
            response.setContentType("application/json; charset=utf-8");
            response.getOutputStream().write(("{\"code\":\"" + (client.isEmpty() ? "UNAUTHORIZED" : "FORBIDDEN")
                    + "\",\"message\":\"Une clé d'API ayant le droit ops:read est nécessaire.\",\"field\":null,"
                    + "\"details\":{\"rule\":\"API-AUTH\"}}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(client.isEmpty() ? request : new Authenticated(request, client.get()), response);
    }

    private static final class Authenticated extends HttpServletRequestWrapper {

        private final ApiClient client;

        Authenticated(HttpServletRequest request, ApiClient client) {
            super(request);
            this.client = client;
        }

        @Override
        public Principal getUserPrincipal() {
            return client::name;
        }

        @Override
        public boolean isUserInRole(String role) {
            return client.has(role);
        }
    }
}

package fr.passerelle.iae.routes.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Tomcat listens before Camel has started the REST routes (Camel starts once the context is refreshed): a request
 * arriving then, a client retrying after a node was restarted, got {@code 404 Not Found} for {@code POST
 * /api/v1/passes}, which a client takes as final. Until the node accepts traffic it answers {@code 503} with
 * {@code Retry-After}, in the API's error shape: try again shortly.
 */
@Configuration(proxyBeanMethods = false)
public class StartupGate {

    @Bean
    FilterRegistrationBean<HttpFilter> startupGateFilter(ApplicationAvailability availability, JsonBodies json) {
        FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setStatus(503);
                response.setHeader("Retry-After", "1");
                response.setContentType("application/json; charset=utf-8");
                response.getOutputStream().write(json.error(new ApiError(503, "NOT_READY", "API-AVAILABILITY", null,
                        "Le service démarre ou s'arrête : réessayez dans un instant.")).body().getBytes(StandardCharsets.UTF_8));
                response.flushBuffer();
            }
        });
        registration.addUrlPatterns("/api/v1/*");
        registration.setName("startupGate");
        // after SecurityHeaders and RequestGate: the refusal carries the headers, a bad key is still a 401
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}

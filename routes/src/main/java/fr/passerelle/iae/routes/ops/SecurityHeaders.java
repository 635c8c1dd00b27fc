package fr.passerelle.iae.routes.ops;

import java.io.IOException;

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
 * Browser protections on every answer: no MIME sniffing, no referrer, no framing by another site, and on everything
 * but the hawtio console (whose pages need inline scripts) a strict Content-Security-Policy: the dashboard runs only
 * its own script and style, so that a value that slipped into its HTML could not run anything (the dashboard's
 * operators hold {@code ops:write} keys).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityHeaders {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    FilterRegistrationBean<HttpFilter> securityHeadersFilter() {
        FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                boolean console = path.startsWith("/actuator/hawtio") || path.startsWith("/hawtio");
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("Referrer-Policy", "no-referrer");
                response.setHeader("X-Frame-Options", console ? "SAMEORIGIN" : "DENY");
                if (!console) {
                    response.setHeader("Content-Security-Policy", POLICY);
                }
                chain.doFilter(request, response);
            }
        });
        registration.addUrlPatterns("/*");
        registration.setName("securityHeaders");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}

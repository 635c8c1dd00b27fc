package fr.passerelle.iae.routes.api;

import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Camel's REST DSL served under {@code /api/v1} by Spring Boot's embedded Tomcat. */
@Configuration(proxyBeanMethods = false)
public class ApiServlet {

    @Bean
    ServletRegistrationBean<CamelHttpTransportServlet> camelApiServlet() {
        ServletRegistrationBean<CamelHttpTransportServlet> registration =
                new ServletRegistrationBean<>(new CamelHttpTransportServlet(), "/api/v1/*");
        // the servlet consumer finds its servlet by this name
        registration.setName("CamelServlet");
        registration.setLoadOnStartup(1);
        return registration;
    }
}

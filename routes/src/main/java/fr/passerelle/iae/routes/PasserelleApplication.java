package fr.passerelle.iae.routes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Passerelle IAE: the PASS registry and the partner flows, in one Spring Boot application. */
@SpringBootApplication(scanBasePackages = "fr.passerelle.iae")
public class PasserelleApplication {

    public static void main(String[] args) {
        SpringApplication.run(PasserelleApplication.class, args);
    }
}

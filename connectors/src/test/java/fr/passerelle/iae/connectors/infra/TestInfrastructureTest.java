package fr.passerelle.iae.connectors.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class TestInfrastructureTest {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructureTest.class);

    @Test
    void oneSetOfServersPerJvm() throws Exception {
        long t0 = System.nanoTime();
        boolean docker = TestInfrastructure.dockerAvailable();
        LOG.info("Docker check: {} in {} ms", docker, (System.nanoTime() - t0) / 1_000_000);

        TestInfrastructure infra = TestInfrastructure.get();
        assertThat(TestInfrastructure.get()).isSameAs(infra);
        assertThat(infra.usesContainers()).isEqualTo(docker);
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword());
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("select current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("passerelle");
        }
        assertThat(infra.kafkaBootstrapServers()).isNotBlank();
        assertThat(EmbeddedServersTest.clusterId(infra.kafkaBootstrapServers())).isNotBlank();
        assertThat(infra.sftp().root().resolve("asp/depot")).isDirectory();
        EmbeddedServersTest.connectSftp(infra.sftp(), true).disconnect();
    }
}

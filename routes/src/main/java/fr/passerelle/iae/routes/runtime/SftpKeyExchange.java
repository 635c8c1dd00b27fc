package fr.passerelle.iae.routes.runtime;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.context.annotation.Configuration;

import com.jcraft.jsch.JSch;

/**
 * JSch, the SFTP client of every drop box, tries out each key exchange of its {@code CheckKexes} list at every
 * connection, those it does not propose included. With Bouncy Castle on the class path (the evidence's timestamps)
 * that made an sntrup761 key pair per connection: about a fifth of the hub's CPU samples under the issuance benchmark,
 * with drop boxes that connect every few seconds. Only the key exchanges it proposes are tried out now; what it
 * proposes, and so what it agrees with a server, is unchanged.
 */
@Configuration(proxyBeanMethods = false)
public class SftpKeyExchange {

    public SftpKeyExchange() {
        JSch.setConfig("CheckKexes", proposedOf(JSch.getConfig("CheckKexes")));
    }

    /** The key exchanges of {@code checked} that JSch proposes, in their order. */
    private static String proposedOf(String checked) {
        List<String> proposed = List.of(JSch.getConfig("kex").split(","));
        return Stream.of(checked.split(",")).filter(proposed::contains).collect(Collectors.joining(","));
    }
}

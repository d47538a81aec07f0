package ai.enclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The promise that nothing leaves the network, checked at the packet level: a second stack runs in a
 * network namespace with no way out (see {@link NetworkNamespace}), starts, and signs a user in
 * through Keycloak over HTTP (curl inside the namespace), while nftables counts every packet sent to
 * a non-loopback address, DNS queries included. The count must stay zero.
 */
@Order(6)
class AirGappedIT {

    private static final Pattern FORM_ACTION = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    @Test
    void the_stack_starts_and_signs_a_user_in_without_sending_a_single_packet_off_the_host() throws Exception {
        assumeTrue(NetworkNamespace.available(), "needs root, nsenter and nft (apt-get install nftables)");
        Path data = Files.createTempDirectory("enclave-airgap-");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> environment = Map.of(
                "ENCLAVE_DATA", data.resolve("data").toString(),
                "ENCLAVE_KEYCLOAK_SEED_USERS",
                        Path.of("src/test/resources/test-users.json")
                                .toAbsolutePath()
                                .toString());
        String java = ProcessHandle.current().info().command().orElse("java");
        String launcher = System.getProperty("enclave.launcher.jar", "../installer/target/enclave-launcher.jar");
        String cookies = data.resolve("cookies.txt").toString();

        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            try {
                // The namespace has its own ports: the defaults (8080, 8180, ...) are free there.
                namespace.run(environment, java, "-jar", launcher, "start");

                String loginPage = namespace.run(
                        Map.of(), "curl", "-s", "-f", "-L", "-c", cookies, "-b", cookies, "http://localhost:8080/");
                Matcher action = FORM_ACTION.matcher(loginPage);
                assertThat(action.find()).as("Keycloak's sign-in form").isTrue();
                String landedOn = namespace.run(
                        Map.of(),
                        "curl",
                        "-s",
                        "-f",
                        "-L",
                        "-c",
                        cookies,
                        "-b",
                        cookies,
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{url_effective}",
                        "--data-urlencode",
                        "username=" + TestUser.ALICE_ADMIN.username,
                        "--data-urlencode",
                        "password=" + TestUser.ALICE_ADMIN.password,
                        action.group(1).replace("&amp;", "&"));

                assertThat(landedOn).startsWith("http://localhost:8080/");
            } finally {
                namespace.run(environment, java, "-jar", launcher, "stop");
                EnclaveStack.keepLogs(data.resolve("data"), "airgapped-");
                EnclaveStack.deleteRecursively(data);
            }
            assertThat(namespace.outboundPackets())
                    .as("packets sent off the host; what nft saw:%n%s", namespace.egressTable())
                    .isZero();
        }
    }
}

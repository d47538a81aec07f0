package ai.enclave.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records every packet the Enclave services send to an address outside this host, with an nftables
 * rule on the output hook that matches the services' OS user (they run as {@code enclave} when
 * started by root) and remembers each destination address and port in a set. DNS lookups, phone-home
 * calls and cluster discovery all show up here, including attempts that would fail anyway.
 *
 * <p>Needs root and the {@code nft} command; {@link #start} says why it cannot run otherwise.
 */
final class EgressWatch implements AutoCloseable {

    private static final String TABLE = "enclave_egress_watch";
    private static final Pattern ELEMENT = Pattern.compile("([0-9a-fA-F:.]+) \\. (\\d+)");

    private EgressWatch() {}

    /** Installs the rules, or explains why it cannot on this machine. */
    static Result start(String serviceUser) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return new Result(Optional.empty(), "not root: the services run as the invoking user, not " + serviceUser);
        }
        try {
            nft("delete table inet " + TABLE, true);
            nft("add table inet " + TABLE, false);
            nft("add set inet " + TABLE + " v4 { type ipv4_addr . inet_service; flags dynamic; }", false);
            nft("add set inet " + TABLE + " v6 { type ipv6_addr . inet_service; flags dynamic; }", false);
            nft("add chain inet " + TABLE + " out { type filter hook output priority 0; policy accept; }", false);
            nft(
                    "add rule inet " + TABLE + " out meta skuid " + serviceUser
                            + " ip daddr != 127.0.0.0/8 add @v4 { ip daddr . th dport }",
                    false);
            nft(
                    "add rule inet " + TABLE + " out meta skuid " + serviceUser
                            + " ip6 daddr != ::1 add @v6 { ip6 daddr . th dport }",
                    false);
            return new Result(Optional.of(new EgressWatch()), null);
        } catch (IOException e) {
            return new Result(Optional.empty(), "nftables unavailable: " + e.getMessage());
        }
    }

    record Result(Optional<EgressWatch> watch, String whyNot) {}

    /** Every "address port" the services sent a packet to since {@link #start}. */
    List<String> destinations() throws IOException {
        List<String> found = new ArrayList<>();
        for (String set : List.of("v4", "v6")) {
            Matcher matcher = ELEMENT.matcher(nft("list set inet " + TABLE + " " + set, false));
            while (matcher.find()) {
                found.add(matcher.group(1) + " port " + matcher.group(2));
            }
        }
        return found;
    }

    @Override
    public void close() throws IOException {
        nft("delete table inet " + TABLE, true);
    }

    private static String nft(String command, boolean mayFail) throws IOException {
        List<String> argv = new ArrayList<>(List.of("nft"));
        argv.addAll(List.of(command.split(" ")));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("nft " + command + ": no answer in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0 && !mayFail) {
            throw new IOException("nft " + command + " failed: " + output.strip());
        }
        return output;
    }
}

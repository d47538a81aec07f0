package ai.enclave.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux network namespace with nothing but loopback, whose default routes lead into loopback so
 * that every packet sent to a non-loopback address still passes the output hook, where an nftables
 * rule counts it. A packet counted there is a packet that would have left the host.
 *
 * <p>Needs root, util-linux (unshare, nsenter), iproute2 and nftables. Commands run inside it
 * through nsenter; processes they detach (the services) stay inside it.
 */
final class NetworkNamespace implements AutoCloseable {

    private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");

    private final Process holder;

    private NetworkNamespace(Process holder) {
        this.holder = holder;
    }

    /** True when this process may create namespaces and the tools exist. */
    static boolean available() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0
                    && Files.isExecutable(Path.of("/usr/sbin/nft"))
                    && Files.isExecutable(Path.of("/usr/bin/nsenter"));
        } catch (IOException e) {
            return false;
        }
    }

    static NetworkNamespace create() throws IOException, InterruptedException {
        // unshare execs sleep inside the new namespace: the holder's pid names the namespace.
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "86400").start();
        NetworkNamespace namespace = new NetworkNamespace(holder);
        awaitOwnNamespace(holder);
        namespace.run(Map.of(), "ip", "link", "set", "lo", "up");
        namespace.run(Map.of(), "ip", "route", "add", "default", "dev", "lo");
        namespace.run(
                Map.of(),
                "nft",
                "add table inet egress ; "
                        + "add chain inet egress out { type filter hook output priority 0 ; policy accept ; } ; "
                        + "add set inet egress seen { type ipv4_addr . inet_proto . inet_service ; flags dynamic ; } ; "
                        + "add rule inet egress out ip daddr != 127.0.0.0/8 counter ; "
                        + "add rule inet egress out ip daddr != 127.0.0.0/8 meta l4proto { tcp, udp } "
                        + "add @seen { ip daddr . meta l4proto . th dport } ; "
                        + "add rule inet egress out ip6 daddr != ::1 counter");
        return namespace;
    }

    /**
     * Waits until unshare has left our network namespace: entering the holder before that would run
     * the set-up commands in the host's namespace (seen once: "Device for nexthop is not up").
     */
    private static void awaitOwnNamespace(Process holder) throws IOException, InterruptedException {
        Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        Path theirs = Path.of("/proc", Long.toString(holder.pid()), "ns", "net");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.readSymbolicLink(theirs).equals(ours)) {
            if (System.nanoTime() > deadline || !holder.isAlive()) {
                throw new IllegalStateException("unshare --net did not create a network namespace");
            }
            Thread.sleep(10);
        }
    }

    /** Runs a command inside the namespace and returns its output; fails on a non-zero exit. */
    String run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("nsenter", "--target", Long.toString(holder.pid()), "--net", "--"));
        full.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed in the namespace:\n" + output);
        }
        return output;
    }

    /** The counting rules and the set of (address . protocol . port) seen, as nft lists them. */
    String egressTable() throws IOException, InterruptedException {
        return run(Map.of(), "nft", "list", "table", "inet", "egress");
    }

    /** Packets sent to non-loopback addresses since the namespace was created. */
    long outboundPackets() throws IOException, InterruptedException {
        Matcher matcher = PACKETS.matcher(egressTable());
        long packets = 0;
        while (matcher.find()) {
            packets += Long.parseLong(matcher.group(1));
        }
        return packets;
    }

    @Override
    public void close() {
        holder.destroy();
    }
}

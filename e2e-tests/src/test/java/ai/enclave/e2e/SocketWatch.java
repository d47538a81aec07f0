package ai.enclave.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Watches the kernel's socket tables (/proc/net/tcp, tcp6, udp, udp6) for the sockets of one
 * stack's processes (found through the pid files in its data directory, with their descendants, and
 * their open file descriptors) while the stack starts and the tests run, polling every 100 ms. It
 * records every connection to a non-loopback peer and every socket bound to a non-loopback address:
 * Enclave promises that nothing leaves the network, and by default nothing even listens outside
 * loopback. Other installations on the same host are not its business.
 *
 * <p>A sampler, not a capture: a connection opened and closed between two polls can escape it
 * ({@link AirGappedIT} counts packets instead). Reading another user's file descriptors needs root.
 */
final class SocketWatch {

    private static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6");
    private static final String LISTEN = "0A";
    private static final List<String> PID_FILES =
            List.of("run/portal.pid", "run/keycloak.pid", "postgres/cluster/postmaster.pid");

    private final Path dataDir;
    private final Set<String> outbound = ConcurrentHashMap.newKeySet();
    private final Set<String> boundOutsideLoopback = ConcurrentHashMap.newKeySet();
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private SocketWatch(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts watching, in a daemon thread, the sockets of the stack whose data directory is given. */
    static SocketWatch start(Path dataDir) {
        SocketWatch watch = new SocketWatch(dataDir);
        Thread thread = new Thread(watch::run, "socket-watch");
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    Set<String> outboundConnections() {
        return Set.copyOf(outbound);
    }

    /** Every listening TCP address of the stack seen, e.g. "127.0.0.1:8080": proof the watch sees the stack. */
    Set<String> listeningAddresses() {
        return Set.copyOf(listening);
    }

    Set<String> socketsBoundOutsideLoopback() {
        return Set.copyOf(boundOutsideLoopback);
    }

    void stop() {
        running = false;
    }

    private void run() {
        while (running) {
            Set<String> inodes = stackSocketInodes();
            TABLES.forEach(table -> sample(table, inodes));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The inodes of every socket the stack's processes hold open right now. */
    private Set<String> stackSocketInodes() {
        Set<String> inodes = new HashSet<>();
        for (String pidFile : PID_FILES) {
            try {
                long pid = Long.parseLong(Files.readAllLines(dataDir.resolve(pidFile))
                        .getFirst()
                        .strip()
                        .split(" ")[0]);
                ProcessHandle.of(pid)
                        .ifPresent(root -> Stream.concat(Stream.of(root), root.descendants())
                                .forEach(process -> addSocketInodes(process.pid(), inodes)));
            } catch (IOException | RuntimeException e) {
                // not started yet, or just stopped
            }
        }
        return inodes;
    }

    private static void addSocketInodes(long pid, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed while we looked
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
    }

    private void sample(String table, Set<String> inodes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/net", table));
        } catch (IOException e) {
            return;
        }
        for (String line : lines.subList(1, lines.size())) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            String[] fields = line.trim().split("\\s+");
            if (!inodes.contains(fields[9])) {
                continue;
            }
            String local = fields[1];
            String remote = fields[2];
            boolean tcp = table.startsWith("tcp");
            if (tcp && fields[3].equals(LISTEN)) {
                listening.add(decode(local));
            }
            if (!isLoopback(local) && !isUnspecified(local)) {
                boundOutsideLoopback.add(table + " " + decode(local));
            }
            if (isUnspecified(local) && (!tcp || fields[3].equals(LISTEN))) {
                // Bound to every interface (0.0.0.0 or ::): reachable from outside.
                boundOutsideLoopback.add(table + " " + decode(local));
            }
            if (!isUnspecified(remote) && !isLoopback(remote)) {
                outbound.add(table + " " + decode(local) + " -> " + decode(remote));
            }
        }
    }

    /** 0100007F:1F90 is 127.0.0.1:8080 (IPv4 in little-endian hex); tcp6 uses four such words. */
    static boolean isLoopback(String address) {
        String host = address.substring(0, address.indexOf(':'));
        if (host.length() == 8) {
            return host.endsWith("7F");
        }
        return host.equals("00000000000000000000000001000000") // ::1
                || (host.startsWith("0000000000000000FFFF0000") && host.endsWith("7F")); // ::ffff:127.x
    }

    static boolean isUnspecified(String address) {
        return address.substring(0, address.indexOf(':')).chars().allMatch(c -> c == '0');
    }

    private static String decode(String address) {
        String host = address.substring(0, address.indexOf(':'));
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
        if (host.length() != 8) {
            return "[" + host + "]:" + port;
        }
        return Integer.parseInt(host.substring(6, 8), 16) + "." + Integer.parseInt(host.substring(4, 6), 16) + "."
                + Integer.parseInt(host.substring(2, 4), 16) + "." + Integer.parseInt(host.substring(0, 2), 16) + ":"
                + port;
    }
}

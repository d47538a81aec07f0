package ai.enclave.installer.os;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks, before anything starts, that a port a service needs is free on the bind address. */
public final class Ports {

    private Ports() {}

    /** Fails naming the port and the setting that changes it. */
    public static void requireFree(String bindAddress, int port, String service, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + bindAddress + " is already in use, so " + service
                    + " cannot start. Stop whatever listens there (ss -ltnp 'sport = :" + port
                    + "'), or choose another port with " + setting + ".");
        }
    }
}

package ai.enclave.installer.os;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks the service distributions (.txz and .zip) keeping file modes and symbolic links, which
 * java.util.zip would drop (and PostgreSQL's and Keycloak's scripts must stay executable).
 *
 * <p>Unpacking is all-or-nothing: entries go to a sibling temporary directory that is renamed onto
 * the target at the end, so an interrupted first start never leaves a half-unpacked distribution that
 * a later start would trust.
 */
public final class Archives {

    private Archives() {}

    /** Unpacks a tar.xz stream into {@code target} unless {@code target} already exists. */
    public static void unpackTarXzOnce(InputStream txz, Path target) {
        unpackOnce(target, staging -> {
            try (TarArchiveInputStream tar =
                    new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz)))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    Path path = resolveInside(staging, entry);
                    if (entry.isDirectory()) {
                        Files.createDirectories(path);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(path.getParent());
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(path.getParent());
                        Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                    }
                }
            }
        });
    }

    /**
     * Unpacks a zip into {@code target} unless it already exists. {@code stripFirst} drops the single
     * top-level directory most distributions wrap their files in (keycloak-26.5.6/...).
     */
    public static void unpackZipOnce(Path zip, Path target, boolean stripFirst) {
        unpackOnce(target, staging -> {
            try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
                for (Enumeration<ZipArchiveEntry> entries = file.getEntries(); entries.hasMoreElements(); ) {
                    ZipArchiveEntry entry = entries.nextElement();
                    String name = stripFirst
                            ? entry.getName().substring(entry.getName().indexOf('/') + 1)
                            : entry.getName();
                    if (name.isEmpty()) {
                        continue;
                    }
                    Path path = staging.resolve(name).normalize();
                    if (!path.startsWith(staging)) {
                        throw new IOException("Archive entry escapes the target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(path);
                        continue;
                    }
                    Files.createDirectories(path.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    }
                    int mode = entry.getUnixMode();
                    Files.setPosixFilePermissions(path, permissions(mode == 0 ? 0644 : mode));
                }
            }
        });
    }

    private interface Unpacker {
        void into(Path staging) throws IOException;
    }

    private static void unpackOnce(Path target, Unpacker unpacker) {
        if (Files.isDirectory(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking-");
            Files.setPosixFilePermissions(staging, permissions(0755));
            unpacker.into(staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack into " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path resolveInside(Path staging, ArchiveEntry entry) throws IOException {
        Path path = staging.resolve(entry.getName()).normalize();
        if (!path.startsWith(staging)) {
            throw new IOException("Archive entry escapes the target: " + entry.getName());
        }
        return path;
    }

    /** The rwx bits of a Unix mode (setuid and friends are deliberately dropped). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = new HashSet<>();
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}

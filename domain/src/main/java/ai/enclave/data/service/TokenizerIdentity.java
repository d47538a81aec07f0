/*
 * Whether two directories hold the same tokenizer, byte for byte. Token ids only mean the same words
 * under the same tokenizer: a mix of snapshots, or a model continued on a snapshot, made with two
 * different ones would train on noise, so both are refused before anything runs.
 */
package ai.enclave.data.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public final class TokenizerIdentity {

    private TokenizerIdentity() {}

    /**
     * @param firstDir a directory holding a tokenizer.json
     * @throws IOException naming the file that is missing or unreadable
     */
    public static boolean same(Path firstDir, Path secondDir) throws IOException {
        return Arrays.equals(read(firstDir), read(secondDir));
    }

    private static byte[] read(Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + " is missing or unreadable", e);
        }
    }
}

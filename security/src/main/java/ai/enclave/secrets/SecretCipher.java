/*
 * Encryption of the secrets inside source configs (a database password, a git token) with the
 * installation's key: AES-256-GCM, a fresh 12-byte nonce per value, stored as
 * "enc:v1:" + base64(nonce | ciphertext+tag). The portal encrypts before a config is stored; workers
 * decrypt just before a connector gets it. GCM's tag makes a changed value or a wrong key fail
 * instead of yielding garbage.
 *
 * Not a key manager: the key is one file (32 random bytes, base64, one line) that the launcher
 * creates at the first start as <data>/portal/secrets.key and never rewrites. Messages name the key
 * file, never a value, plain or encrypted.
 */
package ai.enclave.secrets;

import ai.enclave.common.ConfigEncryption;
import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public final class SecretCipher implements ConfigEncryption {

    /** Marks an encrypted value; the version lets a later format sit beside this one. */
    public static final String PREFIX = "enc:v1:";

    public static final int KEY_BYTES = 32; // AES-256
    private static final int NONCE_BYTES = 12; // GCM's recommended nonce size
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final Path keyFile;

    private SecretCipher(byte[] key, Path keyFile) {
        this.key = new SecretKeySpec(key, "AES");
        this.keyFile = keyFile;
    }

    /**
     * @throws IllegalStateException naming the file when it is missing, unreadable, not base64 or not
     *     32 bytes long
     */
    public static SecretCipher fromKeyFile(Path keyFile) {
        String text;
        try {
            text = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("The secrets key file " + keyFile
                    + " does not exist; the launcher creates it at the first start (./enclave start)");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the secrets key file " + keyFile + ": " + e.getMessage(), e);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The secrets key file " + keyFile
                    + " does not hold base64 text (32 random bytes, base64, one line)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("The secrets key file " + keyFile + " holds " + key.length
                    + " bytes; it must hold " + KEY_BYTES + " (base64, one line)");
        }
        return new SecretCipher(key, keyFile);
    }

    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** {@code "enc:v1:" + base64(nonce | ciphertext+tag)}; two calls with the same text differ. */
    public String encrypt(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] value = ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                .put(nonce)
                .put(sealed)
                .array();
        return PREFIX + Base64.getEncoder().encodeToString(value);
    }

    /**
     * The plaintext of an encrypted value; a value without the prefix is returned unchanged.
     *
     * @throws IllegalArgumentException when the value was changed or encrypted with another key (the
     *     message never holds the value)
     */
    public String decrypt(String value) {
        if (!isEncrypted(value)) {
            return value;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("An encrypted value is damaged (not base64 after " + PREFIX + ")");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("An encrypted value is damaged (too short)");
        }
        byte[] nonce = Arrays.copyOfRange(bytes, 0, NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
        return new String(run(Cipher.DECRYPT_MODE, nonce, sealed), StandardCharsets.UTF_8);
    }

    /** Encrypts the named top-level string fields that are not encrypted yet; other values stay as they are. */
    @Override
    public String encryptFields(String configJson, Collection<String> fieldNames) {
        ObjectNode config = Json.object(configJson, "config");
        for (String field : fieldNames) {
            JsonNode value = config.get(field);
            if (value != null && value.isTextual() && !isEncrypted(value.asText())) {
                config.put(field, encrypt(value.asText()));
            }
        }
        return Json.text(config);
    }

    /** The config with every encrypted string value, at any depth, decrypted. */
    public String decryptAll(String configJson) {
        return Json.text(decryptTree(Json.object(configJson, "config")));
    }

    /** The same as {@link #decryptAll(String)} on a tree: a decrypted copy, the argument untouched. */
    public JsonNode decryptTree(JsonNode node) {
        JsonNode copy = node.deepCopy();
        decryptInPlace(copy);
        return copy;
    }

    private void decryptInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue().isTextual() && isEncrypted(field.getValue().asText())) {
                    object.put(field.getKey(), decrypt(field.getValue().asText()));
                } else {
                    decryptInPlace(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual() && isEncrypted(element.asText())) {
                    array.set(i, TextNode.valueOf(decrypt(element.asText())));
                } else {
                    decryptInPlace(element);
                }
            }
        }
    }

    private byte[] run(int mode, byte[] nonce, byte[] input) {
        try {
            // A Cipher is stateful and not thread-safe: one per call.
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("An encrypted value cannot be decrypted with the key in " + keyFile
                    + ": it was changed, or encrypted with another installation's key");
        } catch (GeneralSecurityException e) {
            // AES-GCM is in every JDK; reaching this means a broken runtime, not bad input.
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }
}

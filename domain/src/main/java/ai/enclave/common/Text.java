/*
 * Checks for the text values entities accept, so a bad value fails in the constructor with a message
 * that names the field, long before PostgreSQL would refuse the row. Not a validation framework: Bean
 * Validation annotations on the entities still describe the same limits for the UI and the container.
 */
package ai.enclave.common;

import java.util.Objects;

public final class Text {

    private Text() {}

    /** A value that must be present: trimmed, not blank, at most {@code maxLength} characters. */
    public static String required(String value, int maxLength, String name) {
        Objects.requireNonNull(value, name + " is null");
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return checkLength(trimmed, maxLength, name);
    }

    /** A value that may be absent: trimmed, blank becomes {@code null}, at most {@code maxLength}. */
    public static String optional(String value, int maxLength, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return checkLength(value.strip(), maxLength, name);
    }

    /**
     * Free text that must never make the surrounding action fail (an audit detail, a display name
     * from the identity provider): blank becomes {@code null}, longer text is cut and ends in "…".
     */
    public static String clipped(String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.length() <= maxLength ? trimmed : trimmed.substring(0, maxLength - 1) + "…";
    }

    private static String checkLength(String value, int maxLength, String name) {
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(
                    name + " is " + value.length() + " characters long, at most " + maxLength + " allowed");
        }
        return value;
    }
}

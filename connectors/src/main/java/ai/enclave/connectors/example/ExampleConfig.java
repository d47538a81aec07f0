package ai.enclave.connectors.example;

import java.util.List;

/**
 * Config of the example connector: the documents themselves.
 *
 * @param texts the texts to emit, in order, e.g. {@code ["first", "second"]}
 */
public record ExampleConfig(List<String> texts) {
    public ExampleConfig {
        texts = texts == null ? List.of() : List.copyOf(texts);
    }
}

package ai.enclave.connectors.spi;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a connector type is called, what it reads, and the record its configuration is bound to. The
 * record's components are the form fields (the portal builds its "add a source" form from
 * {@link #fields()}).
 */
public record ConnectorSpec<C extends Record>(String type, String description, Class<C> configType) {
    public ConnectorSpec {
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(configType, "configType is null");
    }

    /** Field names of the config record, in declaration order. */
    public List<String> fields() {
        return Arrays.stream(configType.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }
}

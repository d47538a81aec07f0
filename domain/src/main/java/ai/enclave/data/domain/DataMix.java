/*
 * A data mix (tables data_mixes, data_mix_components): a named list of dataset snapshots, each with
 * a weight that is its share of a training run's tokens. Made once and not changed afterwards, so a
 * run that trained on a mix keeps pointing at what it read. DataMixes checks the snapshots (ready,
 * one tokenizer) before one is made; MixPlan says what the weights mean for a token budget.
 */
package ai.enclave.data.domain;

import ai.enclave.common.Text;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@Entity
@Table(name = "data_mixes")
public class DataMix {

    public static final int NAME_LENGTH = 100;
    public static final int CREATED_BY_LENGTH = 255;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotBlank
    @Size(max = NAME_LENGTH)
    @Column(name = "name", length = NAME_LENGTH, nullable = false, updatable = false)
    private String name;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "data_mix_components", joinColumns = @JoinColumn(name = "mix_id"))
    @OrderColumn(name = "position")
    private List<MixComponent> components = new ArrayList<>();

    @NotBlank
    @Size(max = CREATED_BY_LENGTH)
    @Column(name = "created_by", length = CREATED_BY_LENGTH, nullable = false, updatable = false)
    private String createdBy;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** For JPA only. */
    protected DataMix() {}

    public DataMix(String name, List<MixComponent> components, String createdBy, Instant createdAt) {
        this.name = Text.required(name, NAME_LENGTH, "name");
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a mix needs at least one snapshot");
        }
        this.components = new ArrayList<>(components);
        this.createdBy = Text.required(createdBy, CREATED_BY_LENGTH, "createdBy");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /** The database id; {@code null} until persisted. */
    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    /** The snapshots and their weights, in the order they were given. */
    public List<MixComponent> getComponents() {
        return List.copyOf(components);
    }

    /** Every component's weight over their sum, in component order. */
    public double[] shares() {
        double total = components.stream().mapToDouble(MixComponent::getWeight).sum();
        return components.stream().mapToDouble(c -> c.getWeight() / total).toArray();
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "DataMix[" + id + ", " + name + ", " + components.size() + " snapshots]";
    }
}

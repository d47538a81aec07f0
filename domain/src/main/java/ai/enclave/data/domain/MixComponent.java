/*
 * One snapshot of a data mix and its weight (any positive number; the mix's shares are the weights
 * over their sum, so 7 and 3 mean the same as 0.7 and 0.3).
 */
package ai.enclave.data.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import java.util.Objects;

@Embeddable
public class MixComponent {

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "snapshot_id", nullable = false)
    private DatasetSnapshot snapshot;

    @Column(name = "weight", nullable = false)
    private double weight;

    /** For JPA only. */
    protected MixComponent() {}

    /** @throws IllegalArgumentException when the weight is not a positive finite number */
    public MixComponent(DatasetSnapshot snapshot, double weight) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot is null");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "the weight of snapshot " + snapshot.getId() + " must be a positive number, not " + weight);
        }
        this.weight = weight;
    }

    public DatasetSnapshot getSnapshot() {
        return snapshot;
    }

    public double getWeight() {
        return weight;
    }
}

/*
 * What a mix's weights mean for one training run: of a token budget (steps x batch x context), how
 * many tokens come from each snapshot and so how many times each is read (epochs), with a warning
 * where a snapshot would be repeated so often that more passes are worth little and the model starts
 * to memorise it. Plain arithmetic over the numbers the portal already has; the trainer's own
 * schedule (gpu-runtime DataMix) gives each source the same share of rows.
 */
package ai.enclave.data.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

public record MixPlan(long tokenBudget, List<Row> rows) {

    /**
     * Up to about four passes, repeated tokens train almost as well as new ones; beyond that each
     * pass is worth quickly less (Muennighoff et al. 2023, "Scaling Data-Constrained Language
     * Models"), and a small source repeated many times is memorised rather than learned from.
     */
    public static final double MAX_USEFUL_EPOCHS = 4;

    /** One source of the mix: what it holds and what the budget takes from it. */
    public record Row(String label, double share, long trainTokens, long tokensTaken, double epochs, String warning) {}

    /** A source before planning: a label for people, its training tokens, its weight. */
    public record Part(String label, long trainTokens, double weight) {
        public Part {
            Objects.requireNonNull(label, "label is null");
            if (trainTokens <= 0) {
                throw new IllegalArgumentException(label + " has no training tokens");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException(
                        "the weight of " + label + " must be a positive number, not " + weight);
            }
        }
    }

    public MixPlan {
        rows = List.copyOf(rows);
    }

    /** Splits {@code tokenBudget} over the parts by weight. */
    public static MixPlan of(List<Part> parts, long tokenBudget) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one source");
        }
        if (tokenBudget <= 0) {
            throw new IllegalArgumentException("the token budget must be positive, not " + tokenBudget);
        }
        double total = parts.stream().mapToDouble(Part::weight).sum();
        List<Row> rows = new ArrayList<>(parts.size());
        for (Part part : parts) {
            double share = part.weight() / total;
            long taken = Math.round(share * tokenBudget);
            double epochs = (double) taken / part.trainTokens();
            rows.add(new Row(part.label(), share, part.trainTokens(), taken, epochs, warning(part.label(), epochs)));
        }
        return new MixPlan(tokenBudget, rows);
    }

    /** The rows that carry a warning. */
    public List<Row> warnings() {
        return rows.stream().filter(row -> row.warning() != null).toList();
    }

    private static String warning(String label, double epochs) {
        if (epochs <= MAX_USEFUL_EPOCHS) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "%s would be read %.1f times: beyond about %.0f passes repeated data adds little and the model"
                        + " starts to memorise it; lower its weight, train fewer steps or add data",
                label,
                epochs,
                MAX_USEFUL_EPOCHS);
    }
}

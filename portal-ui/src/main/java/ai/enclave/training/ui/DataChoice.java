package ai.enclave.training.ui;

import ai.enclave.data.domain.DataMix;
import ai.enclave.data.domain.DatasetSnapshot;

/** What a run reads, as the "Data" list offers it: one snapshot, or one mix. */
record DataChoice(DatasetSnapshot snapshot, DataMix mix) {

    static DataChoice of(DatasetSnapshot snapshot) {
        return new DataChoice(snapshot, null);
    }

    static DataChoice of(DataMix mix) {
        return new DataChoice(null, mix);
    }

    /** The same snapshot or mix, whatever the rows' other fields say now. */
    boolean sameAs(DataChoice other) {
        return other != null
                && (snapshot == null
                        ? other.mix() != null && other.mix().getId().equals(mix.getId())
                        : other.snapshot() != null && other.snapshot().getId().equals(snapshot.getId()));
    }

    String label() {
        if (mix != null) {
            return "Mix " + mix.getName() + " · " + mix.getComponents().size() + " snapshots";
        }
        String content = snapshot.getContentId() == null
                ? ""
                : " · "
                        + snapshot.getContentId()
                                .substring(
                                        0, Math.min(8, snapshot.getContentId().length()));
        return snapshot.getSource().getName() + " #" + snapshot.getId() + " · " + snapshot.getDocuments() + " documents"
                + content;
    }
}

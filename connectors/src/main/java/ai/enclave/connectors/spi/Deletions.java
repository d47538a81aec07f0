package ai.enclave.connectors.spi;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a read knows about documents that are gone from the source since the cursor it started from, in
 * one of two forms, chosen by what the connector can learn cheaply:
 *
 * <ul>
 *   <li>{@link #ids}: ids known deleted (a git tree diff's deleted paths, a web page answering 404/410);
 *   <li>{@link #listed}: a listing of what the source holds now. Every id a store holds from earlier syncs
 *       that this predicate rejects, and that the same read did not return, is gone (the files under a
 *       root now; the ids of a jdbc id scan; the pages a complete crawl reached). Null: no listing.
 * </ul>
 *
 * Not a change log: it says nothing about what changed (the documents do) and it is not ordered.
 */
public record Deletions(Set<String> ids, Predicate<String> listed) {
    public static final Deletions NONE = new Deletions(Set.of(), null);

    public Deletions {
        ids = Set.copyOf(ids);
    }

    public static Deletions of(Collection<String> ids) {
        return new Deletions(Set.copyOf(ids), null);
    }

    /** A listing: stored ids for which {@code stillThere} is false (and not returned by the read) are gone. */
    public static Deletions listing(Predicate<String> stillThere) {
        return new Deletions(Set.of(), Objects.requireNonNull(stillThere, "stillThere is null"));
    }

    /** These ids, and a listing too. */
    public Deletions withListing(Predicate<String> stillThere) {
        return new Deletions(ids, Objects.requireNonNull(stillThere, "stillThere is null"));
    }
}

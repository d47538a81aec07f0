package ai.enclave.connectors.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Tree walks over git objects: the files that differ between two trees (all files of one tree when the
 * other is absent), and for a set of paths the most recent commit that changed each. Both skip
 * identical subtrees by their ids, which is what keeps an incremental sync of a large repository cheap.
 */
final class TreeChanges {
    private TreeChanges() {}

    /**
     * A file whose content or mode differs between the trees: present in the newer one, or deleted from it
     * (mode {@link FileMode#MISSING}, no blob).
     */
    record Change(String path, ObjectId blob, FileMode mode) {
        boolean deleted() {
            return mode == FileMode.MISSING;
        }
    }

    /** Files added, changed or deleted from {@code from} (null: nothing) to {@code to}, sorted by path. */
    static List<Change> between(Repository repo, RevTree from, RevTree to) throws IOException {
        List<Change> out = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.setRecursive(true);
            if (from == null) walk.addTree(new EmptyTreeIterator());
            else walk.addTree(from);
            walk.addTree(to);
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(1);
                out.add(new Change(walk.getPathString(), mode == FileMode.MISSING ? null : walk.getObjectId(1), mode));
            }
        }
        out.sort(Comparator.comparing(Change::path));
        return out;
    }

    /**
     * For each path, the newest commit reachable from {@code start} whose file differs from the file in
     * every parent (so a merge that took one side unchanged is passed over for the commit on that side).
     * Walks at most {@code maxCommits} commits: paths last changed before that are left out of the map.
     */
    static Map<String, RevCommit> lastCommits(Repository repo, RevCommit start, Set<String> paths, int maxCommits)
            throws IOException {
        Map<String, RevCommit> found = new HashMap<>();
        if (paths.isEmpty()) return found;
        try (RevWalk commits = new RevWalk(repo);
                TreeWalk walk = new TreeWalk(repo)) {
            commits.markStart(commits.parseCommit(start));
            walk.setRecursive(true);
            int seen = 0;
            for (RevCommit c = commits.next();
                    c != null && seen < maxCommits && found.size() < paths.size();
                    c = commits.next(), seen++) {
                walk.reset();
                walk.addTree(c.getTree());
                if (c.getParentCount() == 0) walk.addTree(new EmptyTreeIterator());
                for (RevCommit parent : c.getParents())
                    walk.addTree(commits.parseCommit(parent).getTree());
                walk.setFilter(TreeFilter.ANY_DIFF);
                while (walk.next()) {
                    String path = walk.getPathString();
                    if (!paths.contains(path) || found.containsKey(path) || walk.getFileMode(0) == FileMode.MISSING)
                        continue;
                    boolean differsFromEveryParent = true;
                    for (int i = 1; i < walk.getTreeCount(); i++) {
                        if (walk.idEqual(0, i) && walk.getFileMode(0) == walk.getFileMode(i))
                            differsFromEveryParent = false;
                    }
                    if (differsFromEveryParent) found.put(path, c);
                }
            }
        }
        return found;
    }
}

import FolioWire

/// Decides which parts of the previous snapshot are listed again as they
/// are and which bucket ranges are read and compressed again (SPEC.md §11:
/// "Servers SHOULD build snapshots incrementally"). Pure: no I/O.
///
/// Per language:
/// - a previous part whose range has the same maintained checksum for that
///   language as when it was built (and the same dictionary) is kept;
/// - the buckets of the other previous parts, and the buckets no previous
///   part covered, are grouped into new parts: consecutive buckets until a
///   part would hold more than the target number of articles, never across
///   a kept part, so the ranges of one language stay disjoint;
/// - when new buckets appear after the language's last part and that part
///   holds fewer than the target, it is grouped again with them, so that an
///   archive that grows a few articles at a time does not end up in small parts.
enum SnapshotPlanner {
    /// A bucket range of one language to read and compress.
    struct Group: Sendable, Hashable {
        /// The language.
        var language: String
        /// The maintained buckets.
        var buckets: ClosedRange<Int64>
        /// The maintained checksum of those buckets for the language.
        var checksum: ArchiveChecksum
    }

    /// What a build does.
    struct Plan: Sendable {
        /// Previous parts listed again as they are.
        var kept: [SnapshotPartRecord]
        /// Ranges to build.
        var build: [Group]
    }

    /// The plan for the maintained checksums `buckets` (per language, per
    /// bucket) given the parts of the previous manifest.
    ///
    /// - parameters:
    ///   - previous: the parts of the previous manifest (disjoint per language).
    ///   - buckets: the maintained checksums per language and bucket, empty buckets absent.
    ///   - dictionaries: the dictionary id per language (absent: none).
    ///   - target: about how many articles a part holds.
    static func plan(
        previous: [SnapshotPartRecord], buckets: [String: [Int64: ArchiveChecksum]], dictionaries: [String: UInt32],
        target: Int
    ) -> Plan {
        var plan = Plan(kept: [], build: [])
        for language in buckets.keys.sorted() {
            let sums = buckets[language] ?? [:]
            let before = previous.filter { $0.language == language }.sorted { $0.firstBucket < $1.firstBucket }
            let (kept, groups) = planLanguage(
                language, sums: sums, previous: before, dictionary: dictionaries[language] ?? 0, target: max(1, target))
            plan.kept += kept
            plan.build += groups
        }
        return plan
    }

    private static func planLanguage(
        _ language: String, sums: [Int64: ArchiveChecksum], previous: [SnapshotPartRecord], dictionary: UInt32,
        target: Int
    ) -> ([SnapshotPartRecord], [Group]) {
        let sorted = sums.keys.sorted()
        func sum(of range: ClosedRange<Int64>) -> ArchiveChecksum {
            sorted.filter { range.contains($0) }.reduce(ArchiveChecksum.empty) { $0 + (sums[$1] ?? .empty) }
        }
        var kept = previous.filter { record in
            let now = sum(of: record.buckets)
            return !now.isEmpty && now == record.checksum && record.dictionary == dictionary
        }
        // New buckets after the last previous part join that part while it is small.
        let end = previous.last?.lastBucket ?? Int64.min
        if let last = kept.last, last.lastBucket == end, last.articleCount < target, sorted.contains(where: { $0 > end }) {
            kept.removeLast()
        }
        let free = sorted.filter { bucket in !kept.contains { $0.buckets.contains(bucket) } }
        var groups: [Group] = []
        var open: Group?
        for bucket in free {
            let bucketSum = sums[bucket] ?? .empty
            if let current = open {
                let keptBetween = kept.contains { $0.firstBucket > current.buckets.upperBound && $0.firstBucket < bucket }
                let tooLarge = current.checksum.count + bucketSum.count > UInt64(target)
                if keptBetween || tooLarge {
                    groups.append(current)
                    open = nil
                }
            }
            if let current = open {
                open = Group(
                    language: language, buckets: current.buckets.lowerBound...bucket,
                    checksum: current.checksum + bucketSum)
            } else {
                open = Group(language: language, buckets: bucket...bucket, checksum: bucketSum)
            }
        }
        if let open { groups.append(open) }
        return (kept, groups)
    }
}

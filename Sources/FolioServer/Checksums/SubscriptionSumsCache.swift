import FolioWire
import Synchronization

/// The checksum sums of recently asked subscriptions, kept between requests
/// so that a filtered checkpoint or checksum request reads one row per
/// bucket, like an unfiltered one (SPEC.md §7.3, §15).
///
/// Each cached entry remembers the sums of *all* facets per bucket it was
/// computed from. A later read compares them with the current sums of all
/// facets: any change to an article or an approved comment of a bucket
/// changes those (an item hashes the article's revision and every field), so
/// a bucket whose sums for all facets are unchanged still has the cached
/// sums for the subscription; only the buckets that changed are read again.
/// An entry therefore never needs invalidating, and readers of different
/// snapshots may share it: what it maps from is content.
///
/// A subscription not in the cache (or one with many changed buckets) is
/// summed by storage in one aggregate read over the rows of its matching
/// facets (``FacetSumsSource``), not bucket by bucket.
///
/// Facets (a facet row never changes once committed) are cached too, so a
/// filtered request does not decode every facet's tags.
///
/// Bounded: at most ``capacity`` subscriptions, least recently used first out.
final class SubscriptionSumsCache: Sendable {
    /// The most subscriptions kept.
    static let capacity = 64
    /// More changed buckets than this are summed again in one aggregate read.
    static let bucketByBucketLimit = 16

    /// A subscription's sums per bucket, with the all-facet sums they were computed from.
    struct Entry: Sendable {
        /// The matching facets, computed from the first ``facetCount`` facets.
        var matching: FacetSet
        var facetCount: Int
        /// The sums of all facets per bucket the bucket sums were computed from.
        var all: [Int64: ArchiveChecksum]?
        /// The subscription's sums of those buckets; empty ones are absent.
        var buckets: [Int64: ArchiveChecksum] = [:]
        /// The archive total of all facets when ``total`` was summed.
        var allTotal: ArchiveChecksum?
        var total: ArchiveChecksum = .empty
        var lastUse: UInt64 = 0
    }

    private struct State {
        var entries: [Subscription: Entry] = [:]
        var facets: [Int64: ChecksumFacet] = [:]
        var maxFacetID: Int64 = 0
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Every committed facet by id: the cached ones, plus those with ids
    /// above the cached maximum that `load(afterID)` returns.
    func facets(
        maxID: Int64, load: (_ afterID: Int64) throws -> [Int64: ChecksumFacet]
    ) throws -> [Int64: ChecksumFacet] {
        let (known, cachedMax) = state.withLock { ($0.facets, $0.maxFacetID) }
        guard maxID > cachedMax else { return known }
        let loaded = try load(cachedMax)
        return state.withLock { state in
            state.facets.merge(loaded) { old, _ in old }
            state.maxFacetID = max(state.maxFacetID, loaded.keys.max() ?? cachedMax)
            return state.facets
        }
    }

    /// The sums per bucket of the articles matching `subscription`.
    ///
    /// - parameters:
    ///   - allBuckets: the current sums of all facets per bucket.
    ///   - facets: every facet by id.
    ///   - source: reads the sums of the matching facets.
    func buckets(
        _ subscription: Subscription, allBuckets: [Int64: ArchiveChecksum], facets: [Int64: ChecksumFacet],
        source: some FacetSumsSource
    ) throws -> [Int64: ArchiveChecksum] {
        var entry = self.entry(subscription, facets: facets)
        if let all = entry.all, all == allBuckets { return entry.buckets }
        var buckets: [Int64: ArchiveChecksum] = [:]
        if entry.matching.isEmpty {
            // Nothing matches: no bucket holds anything of the subscription.
        } else if let all = entry.all,
                  allBuckets.lazy.filter({ all[$0.key] != $0.value }).count <= Self.bucketByBucketLimit {
            for (bucket, sums) in allBuckets {
                if all[bucket] == sums {
                    buckets[bucket] = entry.buckets[bucket]
                    continue
                }
                let matching = try source.sums(ofFacets: entry.matching, bucket: bucket)
                if !matching.isEmpty { buckets[bucket] = matching }
            }
        } else {
            buckets = try source.sums(ofFacets: entry.matching).filter { allBuckets[$0.key] != nil && !$0.value.isEmpty }
        }
        entry.all = allBuckets
        entry.buckets = buckets
        save(subscription, entry)
        return buckets
    }

    /// The total of the articles matching `subscription`: the cached one when
    /// the archive total of all facets is unchanged, else the sum of the
    /// matching facets' totals.
    func total(
        _ subscription: Subscription, allTotal: ArchiveChecksum, facets: [Int64: ChecksumFacet],
        source: some FacetSumsSource
    ) throws -> ArchiveChecksum {
        var entry = self.entry(subscription, facets: facets)
        if let cached = entry.allTotal, cached == allTotal { return entry.total }
        entry.total = entry.matching.isEmpty ? .empty : try source.totalSums(ofFacets: entry.matching)
        entry.allTotal = allTotal
        save(subscription, entry)
        return entry.total
    }

    /// The entry of `subscription`, marked as just used; a new one when it
    /// is not cached or was computed from fewer facets (new facets may match).
    private func entry(_ subscription: Subscription, facets: [Int64: ChecksumFacet]) -> Entry {
        let cached: Entry? = state.withLock { state in
            guard var entry = state.entries[subscription] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[subscription] = entry
            return entry
        }
        if let cached, cached.facetCount == facets.count { return cached }
        return Entry(matching: FacetSet(facets.filter { $0.value.matches(subscription) }.keys),
                     facetCount: facets.count)
    }

    private func save(_ subscription: Subscription, _ entry: Entry) {
        state.withLock { state in
            var entry = entry
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[subscription] = entry
            if state.entries.count > Self.capacity,
               let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.entries[oldest] = nil
            }
        }
    }
}

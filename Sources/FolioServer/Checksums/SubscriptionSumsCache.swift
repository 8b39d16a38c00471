import FolioWire
import Synchronization

/// The checksum sums of recently asked subscriptions, kept between requests
/// so that a filtered checkpoint or checksum request reads one row per
/// bucket, like an unfiltered one, instead of one row per matching facet and
/// bucket (SPEC.md §7.3, §15).
///
/// Each cached bucket remembers the sums of *all* facets of that bucket it
/// was computed from. A later read compares them with the current sums of all
/// facets: any change to an article or an approved comment of a bucket
/// changes those (an item hashes the article's revision and every field), so
/// a bucket whose sums for all facets are unchanged still has the cached
/// sums for the subscription; only the buckets that changed are read again,
/// facet by facet. An entry therefore never needs invalidating, and readers
/// of different snapshots may share it: what it maps from is content.
///
/// Facets (a facet row never changes once committed) are cached too, so a
/// filtered request does not decode every facet's tags.
///
/// Bounded: at most ``capacity`` subscriptions, least recently used first out.
final class SubscriptionSumsCache: Sendable {
    /// The most subscriptions kept.
    static let capacity = 64

    /// A subscription's sums per bucket, with the all-facet sums they were computed from.
    struct Entry: Sendable {
        /// The sums of all facets per bucket the entry was computed from.
        var all: [Int64: ArchiveChecksum] = [:]
        /// The subscription's sums of those buckets; empty ones are absent.
        var matching: [Int64: ArchiveChecksum] = [:]
        /// The archive total of all facets when ``total`` was summed.
        var allTotal: ArchiveChecksum?
        var total: ArchiveChecksum = .empty
        /// The matching facets, computed from the first ``facetCount`` facets.
        var matchingFacets: Set<Int64> = []
        var facetCount = -1
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
    ///   - facetSums: the sums per facet of one bucket.
    func buckets(
        _ subscription: Subscription, allBuckets: [Int64: ArchiveChecksum], facets: [Int64: ChecksumFacet],
        facetSums: (_ bucket: Int64) throws -> [Int64: ArchiveChecksum]
    ) throws -> [Int64: ArchiveChecksum] {
        try refreshed(subscription, allBuckets: allBuckets, facets: facets, facetSums: facetSums).matching
    }

    /// The total of the articles matching `subscription`: the cached one when
    /// the archive total of all facets is unchanged, else the sum of the
    /// refreshed buckets.
    func total(
        _ subscription: Subscription, allTotal: ArchiveChecksum,
        allBuckets: () throws -> [Int64: ArchiveChecksum], facets: [Int64: ChecksumFacet],
        facetSums: (_ bucket: Int64) throws -> [Int64: ArchiveChecksum]
    ) throws -> ArchiveChecksum {
        if let cached = touch(subscription), cached.allTotal == allTotal, cached.facetCount == facets.count {
            return cached.total
        }
        var entry = try refreshed(subscription, allBuckets: try allBuckets(), facets: facets, facetSums: facetSums)
        entry.allTotal = allTotal
        entry.total = entry.matching.values.reduce(.empty, +)
        save(subscription, entry)
        return entry.total
    }

    private func refreshed(
        _ subscription: Subscription, allBuckets: [Int64: ArchiveChecksum], facets: [Int64: ChecksumFacet],
        facetSums: (_ bucket: Int64) throws -> [Int64: ArchiveChecksum]
    ) throws -> Entry {
        var entry = touch(subscription) ?? Entry()
        if entry.facetCount != facets.count {
            // New facets may match: every bucket is read again.
            entry = Entry(matchingFacets: Set(facets.filter { $0.value.matches(subscription) }.keys),
                          facetCount: facets.count)
        } else if entry.all == allBuckets {
            return entry
        }
        var matching: [Int64: ArchiveChecksum] = [:]
        for (bucket, all) in allBuckets {
            if entry.all[bucket] == all {
                matching[bucket] = entry.matching[bucket]
                continue
            }
            var sums = ArchiveChecksum.empty
            if !entry.matchingFacets.isEmpty {
                for (facet, facetSum) in try facetSums(bucket) where entry.matchingFacets.contains(facet) {
                    sums = sums + facetSum
                }
            }
            if !sums.isEmpty { matching[bucket] = sums }
        }
        entry.all = allBuckets
        entry.matching = matching
        entry.allTotal = nil
        save(subscription, entry)
        return entry
    }

    /// The entry of `subscription`, marked as just used.
    private func touch(_ subscription: Subscription) -> Entry? {
        state.withLock { state in
            guard var entry = state.entries[subscription] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[subscription] = entry
            return entry
        }
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

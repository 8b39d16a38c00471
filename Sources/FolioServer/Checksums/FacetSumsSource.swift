import FolioWire

/// A set of facet ids (the facets a subscription matches), with the JSON
/// array text storage binds to select them (`json_each`), built once.
struct FacetSet: Sendable, Hashable {
    /// The ids, ascending.
    let ids: [Int64]
    /// The ids as a JSON array, e.g. `[1,4,9]`.
    let json: String

    init(_ ids: some Sequence<Int64>) {
        self.ids = ids.sorted()
        json = "[" + self.ids.map(String.init).joined(separator: ",") + "]"
    }

    var isEmpty: Bool { ids.isEmpty }
}

/// Where ``SubscriptionSumsCache`` reads the maintained sums of a set of
/// facets that it does not hold (SPEC.md §7.3). Every read adds up the sums
/// of the set's facets in storage, in one aggregate query.
protocol FacetSumsSource {
    /// The sums of `facets` together per bucket; empty buckets may be absent.
    func sums(ofFacets facets: FacetSet) throws -> [Int64: ArchiveChecksum]
    /// The sums of `facets` together in one bucket.
    func sums(ofFacets facets: FacetSet, bucket: Int64) throws -> ArchiveChecksum
    /// The sums of `facets` together over the whole archive.
    func totalSums(ofFacets facets: FacetSet) throws -> ArchiveChecksum
}

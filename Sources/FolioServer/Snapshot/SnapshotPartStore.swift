import Foundation

/// Where snapshot part files and their index live (SPEC.md §11): a
/// directory next to the database (`<db>.snapshots/parts/{sha256}.folio`
/// and `<db>.snapshots/index.json`), or memory for a storage without a file.
///
/// Parts are content-addressed and never rewritten: writing a path that
/// exists does nothing. Its methods are synchronous so that a build writes
/// each part as soon as it is compressed, inside the storage's consistent
/// read, and never holds more than one part in memory.
///
/// `@unchecked Sendable`: the in-memory parts and index are read and written
/// only under `lock`; files are written once, atomically, and never changed.
final class SnapshotPartStore: @unchecked Sendable {
    /// The directory, or nil in memory.
    let directory: URL?
    /// Guards `memory` and `memoryIndex`; files need no lock (each path is
    /// written once, atomically).
    private let lock = NSLock()
    private var memory: [String: [UInt8]] = [:]
    private var memoryIndex: [SnapshotPartRecord] = []

    /// A store in `directory` (created on first write), or in memory if nil.
    init(directory: URL?) {
        self.directory = directory
    }

    private func url(_ path: String) -> URL? {
        directory?.appendingPathComponent(path)
    }

    /// The file of `path`, or nil in memory.
    func fileURL(_ path: String) -> URL? { url(path) }

    /// Stores the bytes of a part under `path` unless it is there already.
    func write(_ bytes: [UInt8], path: String) throws {
        guard let url = url(path) else {
            lock.withLock { memory[path] = memory[path] ?? bytes }
            return
        }
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw FolioServerError(.storageFailure, "cannot write snapshot part \(path)")
        }
    }

    /// True if the part's bytes are there.
    func exists(_ path: String) -> Bool {
        guard let url = url(path) else { return lock.withLock { memory[path] != nil } }
        return FileManager.default.fileExists(atPath: url.path)
    }

    /// The bytes of `range` of a part (the whole part if nil), reading only those bytes.
    ///
    /// - Throws: ``FolioServerError/Code/snapshotGone`` if the part is not there.
    func read(_ path: String, range: ClosedRange<Int>? = nil) throws -> [UInt8] {
        guard let url = url(path) else {
            guard let bytes = lock.withLock({ memory[path] }) else { throw Self.gone }
            guard let range else { return bytes }
            return Array(bytes[range.clamped(to: 0...max(0, bytes.count - 1))])
        }
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw Self.gone }
        defer { try? handle.close() }
        do {
            guard let range else { return Array(try handle.readToEnd() ?? Data()) }
            try handle.seek(toOffset: UInt64(range.lowerBound))
            return Array(try handle.read(upToCount: range.count) ?? Data())
        } catch {
            throw FolioServerError(.storageFailure, "cannot read snapshot part \(path)")
        }
    }

    /// Deletes a part (nothing if it is not there).
    func delete(_ path: String) {
        guard let url = url(path) else {
            lock.withLock { memory[path] = nil }
            return
        }
        try? FileManager.default.removeItem(at: url)
    }

    /// The records saved by ``saveIndex(_:)``; empty when there is none or
    /// it cannot be read (the parts are then built again).
    func loadIndex() -> [SnapshotPartRecord] {
        guard let directory else { return lock.withLock { memoryIndex } }
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("index.json").path),
              let index = try? JSONDecoder().decode(Index.self, from: data), index.version == 1
        else { return [] }
        return index.parts
    }

    /// Saves the records, atomically.
    func saveIndex(_ records: [SnapshotPartRecord]) throws {
        let sorted = records.sorted { ($0.language, $0.firstBucket, $0.path) < ($1.language, $1.firstBucket, $1.path) }
        guard let directory else {
            lock.withLock { memoryIndex = sorted }
            return
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(Index(version: 1, parts: sorted))
                .write(to: directory.appendingPathComponent("index.json"), options: .atomic)
        } catch {
            throw FolioServerError(.storageFailure, "cannot write the snapshot index")
        }
    }

    /// Deletes part files that no record names (left by a build that
    /// stopped before it saved the index).
    func removeFiles(notIn paths: Set<String>) {
        guard let directory else { return }
        let folder = directory.appendingPathComponent("parts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasSuffix(".folio") && !paths.contains("parts/" + name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    private static var gone: FolioServerError {
        FolioServerError(.snapshotGone, "the snapshot part no longer exists; fetch the manifest again")
    }

    /// The layout of `index.json`.
    private struct Index: Codable {
        var version: Int
        var parts: [SnapshotPartRecord]
    }
}

import Foundation
import FolioWire
import SwiftProtobuf
import Testing

/// Every example in Protocol/SPEC.md that names a vector with
/// `<!-- vector: FILE NAME [FIELD] -->` equals that vector (SPEC.md §16).
@Suite struct SpecExamplesTests {
    struct Example {
        let file: String, name: String, field: String, block: String
    }

    static func examples() throws -> [Example] {
        let spec = try String(contentsOf: Vectors.root.appendingPathComponent("Protocol/SPEC.md"), encoding: .utf8)
        let pattern = try NSRegularExpression(
            pattern: #"<!-- vector: (\S+) (\S+)(?: (\S+))? -->\s*```[a-z]*\n(.*?)```"#, options: [.dotMatchesLineSeparators])
        let text = spec as NSString
        return pattern.matches(in: spec, range: NSRange(location: 0, length: text.length)).map { match in
            func group(_ index: Int) -> String {
                let range = match.range(at: index)
                return range.location == NSNotFound ? "" : text.substring(with: range)
            }
            return Example(file: group(1), name: group(2), field: group(3).isEmpty ? "hex" : group(3), block: group(4))
        }
    }

    /// Objects with a "name" anywhere in a vector file.
    static func namedEntries(_ value: Any) -> [[String: Any]] {
        if let list = value as? [Any] { return list.flatMap(namedEntries) }
        guard let object = value as? [String: Any] else { return [] }
        return (object["name"] == nil ? [] : [object]) + object.values.flatMap(namedEntries)
    }

    @Test func theSpecNamesAtLeastTenVectors() throws {
        #expect(try Self.examples().count >= 10)
    }

    @Test func everyNamedExampleEqualsItsVector() throws {
        for example in try Self.examples() {
            let entry = Self.namedEntries(try Vectors.json(example.file)).first { $0["name"] as? String == example.name }
            let want = try #require(entry?[example.field], "SPEC.md names missing vector \(example.file) \(example.name)")
            if example.field == "decoded" {
                let got = try JSONSerialization.jsonObject(with: Data(example.block.utf8))
                #expect(try FrameVectorTests.canonicalJSON(got) == FrameVectorTests.canonicalJSON(want), "\(example.name)")
            } else {
                let strip = { (text: String) in text.filter { !$0.isWhitespace } }
                #expect(strip(example.block) == strip("\(want)"), "\(example.file) \(example.name) \(example.field)")
            }
        }
    }

    @Test func frameTypeNumbersMatchSpecTableTwo() throws {
        let spec = try String(contentsOf: Vectors.root.appendingPathComponent("Protocol/SPEC.md"), encoding: .utf8)
        let line = try #require(spec.split(separator: "\n").first { $0.hasPrefix("Table 2, message types:") })
        let pairs = line.dropFirst("Table 2, message types:".count).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "`."))).split(separator: " ")
        }
        #expect(pairs.count == FrameType.allCases.count)
        for pair in pairs {
            let number = try #require(UInt8(pair.first ?? ""))
            let type = try #require(FrameType(rawValue: number))
            let name = pair.last.map { $0.trimmingCharacters(in: .init(charactersIn: "`")) } ?? ""
            #expect(type.messageType.protoMessageName == "folio.v1." + name)
        }
    }

    @Test func theSearchNormalisationSectionExists() throws {
        let spec = try String(contentsOf: Vectors.root.appendingPathComponent("Protocol/SPEC.md"), encoding: .utf8)
        #expect(spec.contains("## 13. Search normalisation"))
        #expect(spec.contains("## 12. Errors"))
    }
}

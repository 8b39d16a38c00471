import FolioVectorKit
import Foundation

// folio-vectors: regenerates Protocol/vectors (SPEC.md §16) or prints the
// measurements of SPEC.md §15.
//   swift run folio-vectors write [Protocol/vectors]
//   swift run folio-vectors measure
let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "write":
    let directory = URL(fileURLWithPath: arguments.dropFirst().first ?? "Protocol/vectors")
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in try VectorGenerator.files() {
            try file.contents.write(to: directory.appendingPathComponent(file.name))
            print("wrote \(directory.path)/\(file.name) (\(file.contents.count) bytes)")
        }
    } catch {
        FileHandle.standardError.write(Data("folio-vectors: \(error)\n".utf8))
        exit(1)
    }
case "measure":
    do {
        print(try Measurements.run().report)
    } catch {
        FileHandle.standardError.write(Data("folio-vectors: \(error)\n".utf8))
        exit(1)
    }
default:
    FileHandle.standardError.write(Data("usage: folio-vectors write [directory] | measure\n".utf8))
    exit(2)
}

@testable import FolioServer
import Testing

@Suite("Import: fields named twice")
struct JSONDuplicateKeysTests {
    @Test("the first field named twice in one object is found, escapes resolved, at any depth", arguments: [
        (#"{"id": 1, "title": "A", "title": "B"}"#, "title"),
        (#"{"id": 1, "\u0069d": 2}"#, "id"),
        (#"{"a": {"x": 1, "x": 2}, "b": 3}"#, "x"),
        (#"[{"k": 1}, {"k": 2, "k": 3}]"#, "k"),
        (#"{"s": "a \"quoted\" {brace}, \"s\": 2", "t": 1}"#, nil),
        (#"{"a": {"x": 1}, "b": {"x": 2}}"#, nil),
        (#"{"list": ["x", "x"], "x": 1}"#, nil),
        (#"{"unterminated": "#, nil),
    ] as [(String, String?)])
    func duplicates(json: String, expected: String?) {
        #expect(JSONDuplicateKeys.first(in: Array(json.utf8)) == expected)
    }
}

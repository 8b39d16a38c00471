/// Lower-case hexadecimal, as used in every vector file (SPEC.md §16).
public enum Hex {
    /// `[0x46, 0x4f]` → `"464f"`.
    public static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }

    /// Decodes hex; whitespace is ignored; nil for anything else that is not a hex digit pair.
    public static func decode(_ text: String) -> [UInt8]? {
        let nibbles = text.unicodeScalars.filter { !$0.properties.isWhitespace }.map { scalar -> UInt8? in
            switch scalar.value {
            case 0x30...0x39: UInt8(scalar.value - 0x30)
            case 0x61...0x66: UInt8(scalar.value - 0x61 + 10)
            case 0x41...0x46: UInt8(scalar.value - 0x41 + 10)
            default: nil
            }
        }
        guard nibbles.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < nibbles.count {
            guard let high = nibbles[index], let low = nibbles[index + 1] else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}

/// The two- or six-byte header of a zlib stream (RFC 1950 §2.2), checked
/// before inflating so that the dictionary rule of SPEC.md §9.2 holds.
struct ZlibHeader: Equatable {
    /// DICTID if the FDICT flag is set.
    let dictionaryID: UInt32?

    /// Parses the header at the start of `bytes`.
    ///
    /// Throws 202 if fewer bytes than the header needs are present, 201 if
    /// the method is not deflate with a window of at most 32 KiB or the
    /// header check fails.
    init(parsing bytes: [UInt8]) throws {
        var reader = ByteReader(bytes, truncation: .inflateTruncated)
        let cmf = try reader.readByte()
        let flg = try reader.readByte()
        guard cmf & 0x0F == 8, cmf >> 4 <= 7, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else {
            throw FolioWireError(.inflateCorrupt, "not a zlib deflate header")
        }
        if flg & 0x20 != 0 {
            dictionaryID = try reader.readUInt32()
        } else {
            dictionaryID = nil
        }
    }
}

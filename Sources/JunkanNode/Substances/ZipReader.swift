import CZlib

/// The files of a zip archive (APPNOTE.TXT 6.3: the end of central directory record, the central directory, each local
/// header), as chemSHERPA writes its declarations (`.shai`, `.shci`). Stored and deflated entries are read; an
/// encrypted entry, a ZIP64 archive, a split archive or any other method is refused with its reason. Bounded: at most
/// `maxEntries` entries, each inflated to at most `maxEntryBytes` (counted while inflating: a header's sizes are not
/// trusted), and every entry's CRC-32 is checked.
struct ZipReader {
    struct Entry: Equatable {
        var name: String
        var bytes: [UInt8]
    }

    struct Failure: Error, Equatable, CustomStringConvertible {
        var entry: String?
        var reason: String
        var description: String { (entry.map { $0 + ": " } ?? "") + reason }
    }

    static let maxEntries = 1_000

    let data: [UInt8]
    let maxEntryBytes: Int

    init(_ data: [UInt8], maxEntryBytes: Int) {
        self.data = data
        self.maxEntryBytes = maxEntryBytes
    }

    /// Every file entry (folders skipped), in the central directory's order; `wanted` picks the names to inflate.
    func entries(where wanted: (String) -> Bool = { _ in true }) throws(Failure) -> [Entry] {
        let (count, directoryOffset) = try endOfCentralDirectory()
        guard count <= Self.maxEntries else { throw Failure(reason: "the archive has \(count) entries; at most \(Self.maxEntries) are read") }
        var entries: [Entry] = []
        var at = directoryOffset
        for _ in 0..<count {
            guard u32(at) == 0x0201_4b50 else { throw Failure(reason: "the central directory is damaged at byte \(at)") }
            let flags = u16(at + 8), method = u16(at + 10), crc = u32(at + 16)
            let compressed = Int(u32(at + 20)), size = Int(u32(at + 24))
            let nameLength = Int(u16(at + 28)), extraLength = Int(u16(at + 30)), commentLength = Int(u16(at + 32))
            let localOffset = Int(u32(at + 42))
            guard at + 46 + nameLength <= data.count else { throw Failure(reason: "the central directory runs past the end of the archive") }
            // Names are UTF-8 when flag bit 11 says so, and in practice otherwise too (ASCII file names).
            let name = String(decoding: data[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            at += 46 + nameLength + extraLength + commentLength
            if name.hasSuffix("/") || !wanted(name) { continue }
            guard flags & 1 == 0 else { throw Failure(entry: name, reason: "the entry is encrypted") }
            guard compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF, localOffset != 0xFFFF_FFFF else {
                throw Failure(entry: name, reason: "ZIP64 entries are not read (a declaration is far smaller)")
            }
            guard size <= maxEntryBytes else { throw Failure(entry: name, reason: "the entry is \(size) bytes; at most \(maxEntryBytes) are read") }
            guard localOffset + 30 <= data.count, u32(localOffset) == 0x0403_4b50 else {
                throw Failure(entry: name, reason: "its local header is missing or damaged")
            }
            let start = localOffset + 30 + Int(u16(localOffset + 26)) + Int(u16(localOffset + 28))
            guard start + compressed <= data.count else { throw Failure(entry: name, reason: "its data runs past the end of the archive") }
            let raw = data[start..<(start + compressed)]
            let bytes: [UInt8]
            switch method {
            case 0: bytes = Array(raw)
            case 8: bytes = try inflate(raw, name: name)
            default: throw Failure(entry: name, reason: "compression method \(method) is not read (stored and deflated are)")
            }
            guard bytes.count == size else { throw Failure(entry: name, reason: "it holds \(bytes.count) bytes, its header says \(size)") }
            let actual = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            guard actual == crc else { throw Failure(entry: name, reason: "its CRC-32 does not match: the archive is damaged") }
            entries.append(Entry(name: name, bytes: bytes))
        }
        return entries
    }

    /// The entry count and the central directory's offset, from the end record (the last signature within the final
    /// 65,557 bytes: the record and a comment of at most 65,535).
    private func endOfCentralDirectory() throws(Failure) -> (Int, Int) {
        guard data.count >= 22 else { throw Failure(reason: "not a zip archive (\(data.count) bytes)") }
        var at = data.count - 22
        let lowest = max(0, data.count - 65_557)
        while at >= lowest, u32(at) != 0x0605_4b50 { at -= 1 }
        guard at >= lowest else { throw Failure(reason: "not a zip archive: no end of central directory record") }
        guard u16(at + 4) == 0, u16(at + 6) == 0 else { throw Failure(reason: "split (multi-disk) archives are not read") }
        let count = Int(u16(at + 10)), size = Int(u32(at + 12)), offset = Int(u32(at + 16))
        guard count != 0xFFFF, offset != 0xFFFF_FFFF else { throw Failure(reason: "ZIP64 archives are not read (a declaration is far smaller)") }
        guard offset + size <= at else { throw Failure(reason: "the end record points past the central directory") }
        return (count, offset)
    }

    /// Raw deflate (RFC 1951), refused as soon as it would pass `maxEntryBytes`.
    private func inflate(_ raw: ArraySlice<UInt8>, name: String) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(entry: name, reason: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = Array(raw)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { c -> (Int32, Int) in
                    stream.next_out = c.baseAddress
                    stream.avail_out = uInt(c.count)
                    let code = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (code, c.count - Int(stream.avail_out))
                }
                out += chunk[0..<produced]
                if out.count > maxEntryBytes { return Z_BUF_ERROR }
                if code == Z_STREAM_END { return Z_OK }
                guard code == Z_OK, produced > 0 || stream.avail_in > 0 else { return code == Z_OK ? Z_DATA_ERROR : code }
            }
        }
        guard status == Z_OK else {
            throw Failure(
                entry: name,
                reason: out.count > maxEntryBytes ? "it inflates past \(maxEntryBytes) bytes" : "its deflated data is damaged (zlib \(status))")
        }
        return out
    }

    private func u16(_ at: Int) -> UInt16 { at + 2 <= data.count ? UInt16(data[at]) | UInt16(data[at + 1]) << 8 : 0 }
    private func u32(_ at: Int) -> UInt32 { at + 4 <= data.count ? UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 : 0 }
}

/// A pre-hash string written as UTF-8 bytes into one buffer. Where the algorithm sorts parts (the elements of a
/// list, the generic tail), each part is written in place and the group is then sorted where it stands, so no part
/// becomes a `String` of its own and no list of parts is joined.
///
/// Python orders the parts by code point; UTF-8 byte order is the same order, so groups are sorted by their bytes.
struct PreHashBytes {
    private(set) var bytes: [UInt8] = []
    /// The start of every part of every open group, innermost group last.
    private var partStarts: [Int] = []
    /// Scratch space for re-ordering a group, kept between groups.
    private var scratch: [UInt8] = []

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
        partStarts.reserveCapacity(32)
    }

    var count: Int { bytes.count }

    /// Empties the buffer for the next pre-hash, keeping its storage.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        partStarts.removeAll(keepingCapacity: true)
    }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: text) }

    /// Lets `write` append to the bytes in place (a link or a timestamp written without a `String` of it).
    mutating func append(with write: (inout [UInt8]) -> Void) { write(&bytes) }

    /// Writes `name` and then `body`; when the body writes nothing, the name is taken back too (a part whose inner
    /// part is empty gives nothing, not its name alone).
    mutating func named<E: Error>(_ name: String, _ body: (inout PreHashBytes) throws(E) -> Void) throws(E) {
        let start = bytes.count
        append(name)
        let named = bytes.count
        try body(&self)
        if bytes.count == named { truncate(to: start) }
    }

    /// Drops what was written after `count` bytes (a part that turned out empty takes back its name).
    mutating func truncate(to count: Int) { bytes.removeSubrange(count...) }

    /// Opens a group of parts to be sorted; every part in it starts with `beginPart()`.
    mutating func beginGroup() -> Group { Group(firstPart: partStarts.count) }

    struct Group { fileprivate let firstPart: Int }

    /// The next part of the innermost open group starts here.
    mutating func beginPart() { partStarts.append(bytes.count) }

    /// Puts the group's parts in byte order where they stand, and closes the group.
    mutating func endGroup(_ group: Group) {
        defer { partStarts.removeSubrange(group.firstPart...) }
        let starts = partStarts[group.firstPart...]
        guard starts.count > 1, let first = starts.first else { return }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(starts.count)
        for (start, end) in zip(starts, starts.dropFirst() + [bytes.count]) where start < end { ranges.append(start..<end) }
        bytes.withUnsafeBufferPointer { b in
            func less(_ x: Range<Int>, _ y: Range<Int>) -> Bool {
                Self.compare(UnsafeBufferPointer(rebasing: b[x]), UnsafeBufferPointer(rebasing: b[y])) < 0
            }
            if zip(ranges, ranges.dropFirst()).allSatisfy({ !less($1, $0) }) { ranges.removeAll() } else { ranges.sort(by: less) }
        }
        guard !ranges.isEmpty else { return }  // already in order
        scratch.removeAll(keepingCapacity: true)
        for r in ranges { scratch.append(contentsOf: bytes[r]) }
        bytes.replaceSubrange(first..., with: scratch)
    }

    /// Byte-wise comparison, a shorter prefix first.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        for i in 0..<n where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

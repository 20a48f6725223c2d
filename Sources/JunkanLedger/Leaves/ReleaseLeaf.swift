public import Crypto

/// A log entry of the other kind (issue 27, item 6): "this node released events E₁…Eₙ of organisations O₁…Oₖ to node
/// R at time T". Every answer that sends trace events to a peer is one, sequenced before the answer leaves, so what a
/// node gave to whom is as append-only and witnessed as what it captured. Byte layout (integers big-endian;
/// docs/log-format.md):
///
///     0      1   kind = 0x80 (release record; capture leaves start 0x01 or 0x02)
///     1      8   released at, int64 milliseconds since 1970-01-01T00:00:00Z
///     9      2   R = length of the requester (the peer node's base URL, as pinned), 1…65535
///     11     R   requester, UTF-8
///     —      1   K = number of organisations whose events were released (1…255)
///     —      K × (1 L, L bytes)   each organisation ID, UTF-8, in byte order
///     —      4   N = number of events released, uint32
///     —     32   SHA-256 of the released events' hash URIs, in byte order, each followed by a newline
///
/// It carries no signature of its own: the node's checkpoint signs it, and the node, not an organisation, released.
/// The list itself is kept beside the log (`release_records`), and `junkan verify` rebuilds this leaf from it.
public struct ReleaseLeaf: Sendable, Equatable {
    public static let kind: UInt8 = 0x80

    public let releasedAt: Int64
    public let requester: String
    public let organisations: [String]
    public let eventCount: UInt32
    public let listDigest: [UInt8]

    /// A release of `eventHashes` (in any order; sorted here) of `organisations` to `requester`.
    public init(releasedAt: Int64, requester: String, organisations: [String], eventHashes: [String]) throws(LedgerError) {
        guard let n = UInt32(exactly: eventHashes.count), n > 0 else { throw .malformedLeaf("a release names 1 to 2³²−1 events") }
        try self.init(
            releasedAt: releasedAt, requester: requester, organisations: organisations, eventCount: n, listDigest: Self.listDigest(eventHashes: eventHashes))
    }

    init(releasedAt: Int64, requester: String, organisations: [String], eventCount: UInt32, listDigest: [UInt8]) throws(LedgerError) {
        guard (1...65535).contains(requester.utf8.count) else { throw .malformedLeaf("requester must be 1–65535 bytes") }
        let orgs = Self.byteOrdered(organisations)
        guard (1...255).contains(orgs.count) else { throw .malformedLeaf("a release names 1 to 255 organisations") }
        for o in orgs where !(1...255).contains(o.utf8.count) { throw .malformedLeaf("organisation ID must be 1–255 bytes") }
        guard listDigest.count == 32 else { throw .malformedLeaf("list digest is not 32 bytes") }
        self.releasedAt = releasedAt
        self.requester = requester
        self.organisations = orgs
        self.eventCount = eventCount
        self.listDigest = listDigest
    }

    /// SHA-256 of the hash URIs in byte order, each followed by a newline (the order a reader can rebuild from a set).
    public static func listDigest(eventHashes: [String]) -> [UInt8] {
        var h = SHA256()
        for e in eventHashes.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { h.update(data: Array((e + "\n").utf8)) }
        return Array(h.finalize())
    }

    /// Each string once, in the byte order of its UTF-8 (the one order a reader rebuilds from a set).
    public static func byteOrdered(_ strings: [String]) -> [String] { Array(Set(strings)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// Whether a stored leaf is a release record rather than a capture leaf.
    public static func isRelease(_ leaf: [UInt8]) -> Bool { leaf.first == kind }

    public var bytes: [UInt8] {
        var out: [UInt8] = [Self.kind]
        out += (0..<8).map { UInt8(truncatingIfNeeded: releasedAt >> (56 - 8 * $0)) }
        let r = Array(requester.utf8)
        out += [UInt8(r.count >> 8), UInt8(r.count & 0xff)]
        out += r
        out.append(UInt8(organisations.count))
        for o in organisations {
            let b = Array(o.utf8)
            out.append(UInt8(b.count))
            out += b
        }
        out += (0..<4).map { UInt8(truncatingIfNeeded: eventCount >> (24 - 8 * UInt32($0))) }
        out += listDigest
        return out
    }

    public init(parsing data: [UInt8]) throws(LedgerError) {
        guard data.count >= 11, data[0] == Self.kind else { throw .malformedLeaf("not a release record leaf (\(data.count) bytes)") }
        let time = data[1..<9].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let rl = Int(data[9]) << 8 | Int(data[10])
        var i = 11 + rl
        guard i < data.count, let requester = String(validating: data[11..<i], as: UTF8.self) else {
            throw .malformedLeaf("requester runs past the leaf or is not UTF-8")
        }
        let k = Int(data[i])
        i += 1
        var orgs: [String] = []
        for _ in 0..<k {
            guard i < data.count else { throw .malformedLeaf("organisations run past the leaf") }
            let l = Int(data[i])
            guard i + 1 + l <= data.count, let o = String(validating: data[(i + 1)..<(i + 1 + l)], as: UTF8.self) else {
                throw .malformedLeaf("an organisation ID runs past the leaf or is not UTF-8")
            }
            orgs.append(o)
            i += 1 + l
        }
        guard data.count == i + 36 else { throw .malformedLeaf("leaf is \(data.count) bytes, its fields say \(i + 36)") }
        let n = data[i..<(i + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        try self.init(releasedAt: time, requester: requester, organisations: orgs, eventCount: n, listDigest: Array(data[(i + 4)...]))
        guard bytes == data else { throw .malformedLeaf("organisations are not in byte order, or repeat one") }
    }
}

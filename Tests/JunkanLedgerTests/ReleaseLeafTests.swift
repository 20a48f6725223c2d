import Crypto
import JunkanCore
import JunkanLedger
import Testing

/// The release record leaf (docs/log-format.md): its bytes field by field, read back exactly, and refused when cut,
/// padded or out of order.
@Suite struct ReleaseLeafTests {
    let hashes = ["ni:///sha-256;b?ver=CBV2.0", "ni:///sha-256;a?ver=CBV2.0"]

    @Test func fieldsAreLaidOutAsDocumented() throws {
        let leaf = try ReleaseLeaf(releasedAt: 0x0102_0304_0506_0708, requester: "https://b", organisations: ["o2", "o1", "o2"], eventHashes: hashes)
        var digest = SHA256()
        digest.update(data: Array("ni:///sha-256;a?ver=CBV2.0\nni:///sha-256;b?ver=CBV2.0\n".utf8))
        let expected: [UInt8] =
            [0x80, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9] + Array("https://b".utf8) + [2, 2] + Array("o1".utf8) + [2] + Array("o2".utf8) + [0, 0, 0, 2]
            + Array(digest.finalize())
        #expect(leaf.bytes == expected)
        #expect(try ReleaseLeaf(parsing: expected) == leaf)
        #expect(ReleaseLeaf.isRelease(expected) && !ReleaseLeaf.isRelease([0x02] + expected.dropFirst()))
        // The same events in another order: the same leaf.
        #expect(try ReleaseLeaf(releasedAt: 0x0102_0304_0506_0708, requester: "https://b", organisations: ["o1", "o2"], eventHashes: hashes.reversed()) == leaf)
    }

    @Test func malformedReleaseLeavesAreRefused() throws {
        let bytes = try ReleaseLeaf(releasedAt: 5, requester: "https://b", organisations: ["o1", "o2"], eventHashes: hashes).bytes
        for bad in [Array(bytes.dropLast()), bytes + [0], [0x02] + bytes.dropFirst(), Array(bytes.prefix(12))] {
            #expect(throws: LedgerError.self) { try ReleaseLeaf(parsing: bad) }
        }
        // Organisations out of byte order: the same facts, but not the one way to write them.
        var swapped = bytes
        let start = 11 + "https://b".utf8.count + 1
        swapped[start + 1...start + 2] = Array("o2".utf8)[...]
        swapped[start + 4...start + 5] = Array("o1".utf8)[...]
        #expect(throws: LedgerError.self) { try ReleaseLeaf(parsing: swapped) }
        #expect(throws: LedgerError.self) { try ReleaseLeaf(releasedAt: 5, requester: "https://b", organisations: [], eventHashes: hashes) }
        #expect(throws: LedgerError.self) { try ReleaseLeaf(releasedAt: 5, requester: "https://b", organisations: ["o1"], eventHashes: []) }
    }
}

import Foundation
import JunkanCore
import JunkanLedger
import JunkanTestSupport
import Testing

/// transparency-dev/merkle `testdata/` (official vectors): every inclusion and consistency case must be accepted
/// or refused as Go does. A hash that is not 32 bytes is refused when it is decoded.
@Suite struct ProofVectorTests {
    static let inclusionFiles = Fixtures.files(under: "tlog/transparency-dev-merkle/testdata/inclusion", suffix: ".json")
    static let consistencyFiles = Fixtures.files(under: "tlog/transparency-dev-merkle/testdata/consistency", suffix: ".json")
    /// MANIFEST.md: roots equal but 3 bytes long — Go compares bytes and accepts; we refuse non-32-byte roots.
    static let expectedDeviations: Set<String> = ["consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"]

    @Test func vectorsArePresent() {
        #expect(Self.inclusionFiles.count >= 86)
        #expect(Self.consistencyFiles.count >= 98)
    }

    @Test(arguments: inclusionFiles) func inclusionVector(_ file: String) throws {
        let v = try Fixtures.json(file).objectValue!
        let wantErr = v["wantErr"]?.boolValue ?? false
        let ok: Bool
        do {
            let proof = try v.byteList("proof")!.enumerated().map { try TreeHash($0.element, what: "proof[\($0.offset)]") }
            try ProofVerification.verifyInclusion(
                index: v.uint("leafIdx")!, size: v.uint("treeSize")!, leafHash: try TreeHash(v.bytes("leafHash") ?? [], what: "leaf hash"),
                proof: proof, root: try TreeHash(v.bytes("root") ?? [], what: "root"))
            ok = true
        } catch { ok = false }
        #expect(ok == !wantErr, "\(file): \(v["desc"]?.stringValue ?? "")")
    }

    @Test(arguments: consistencyFiles) func consistencyVector(_ file: String) throws {
        let v = try Fixtures.json(file).objectValue!
        var wantOK = !(v["wantErr"]?.boolValue ?? false)
        if Self.expectedDeviations.contains(where: { file.hasSuffix($0) }) { wantOK = false }
        let ok: Bool
        do {
            let proof = try v.byteList("proof")!.enumerated().map { try TreeHash($0.element, what: "proof[\($0.offset)]") }
            try ProofVerification.verifyConsistency(
                size1: v.uint("size1")!, size2: v.uint("size2")!, root1: try TreeHash(v.bytes("root1") ?? [], what: "root1"),
                root2: try TreeHash(v.bytes("root2") ?? [], what: "root2"), proof: proof)
            ok = true
        } catch { ok = false }
        #expect(ok == wantOK, "\(file): \(v["desc"]?.stringValue ?? "")")
    }

    /// Google's Argon 2020 CT log: entry 10000's inclusion in a tree of 961,984,013 and a consistency proof
    /// from size 3,654,490 (30 levels deep).
    @Test func argon2020RealLogProofsVerify() throws {
        let dir = "golang-mod-sumdb-tlog-argon2020/"
        let sth = try tlogFixture(dir + "sth.json")
        let root = try TreeHash(base64: sth["sha256_root_hash"]!.stringValue!)
        let size = sth.uint("tree_size")!
        let entry = try tlogFixture(dir + "entries.json")["entries"]!.arrayValue![0].objectValue!
        let leaf = TreeHash.leaf(entry.bytes("leaf_input")!)
        #expect(leaf.bytes == hexBytes("9c2b3799f232761f71e022b243ebb6c6d9a9c66160800e4c2f2987c0d41294b8"))
        let proof = try tlogFixture(dir + "proof.json")
        let path = try proof["audit_path"]!.arrayValue!.map { try TreeHash(base64: $0.stringValue!) }
        try ProofVerification.verifyInclusion(index: proof.uint("leaf_index")!, size: size, leafHash: leaf, proof: path, root: root)
        // One flipped bit anywhere must fail.
        var bad = path
        bad[7] = try TreeHash(bad[7].bytes.enumerated().map { $0.offset == 0 ? $0.element ^ 1 : $0.element })
        #expect(throws: LedgerError.self) {
            try ProofVerification.verifyInclusion(index: 10000, size: size, leafHash: leaf, proof: bad, root: root)
        }
        let cons = try tlogFixture(dir + "consistency.json")["consistency"]!.arrayValue!.map { try TreeHash(base64: $0.stringValue!) }
        let oldRoot = try TreeHash(base64: "AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=")
        try ProofVerification.verifyConsistency(size1: 3_654_490, size2: size, root1: oldRoot, root2: root, proof: cons)
        #expect(throws: LedgerError.self) {
            try ProofVerification.verifyConsistency(size1: 3_654_491, size2: size, root1: oldRoot, root2: root, proof: cons)
        }
    }

    /// RFC 6962's 8-leaf reference: roots for every size, and every inclusion and consistency proof we generate
    /// equals the reference's and verifies.
    @Test func rfc6962EightLeafReference() throws {
        let ref = try tlogFixture("rfc6962-reference/rfc6962-8-leaves.json")
        let inputs = ref["leaf_inputs_hex"]!.arrayValue!.map { hexBytes($0.stringValue!) }
        let leaves = inputs.map { TreeHash.leaf($0) }
        #expect(leaves == ref.hexList("leaf_hashes_hex"))
        let roots = ref.hexList("root_hashes_by_size_hex")
        for n in 0...8 {
            let tree = LeafHashes(Array(leaves[..<n]))
            #expect(try tree.rootHash(size: UInt64(n)) == roots[n], "root of size \(n)")
            var integrator = TileIntegrator()
            #expect(try integrator.append(Array(inputs[..<n])).root == roots[n], "integrator root of size \(n)")
        }
        let tree = LeafHashes(leaves)
        for case .object(let p) in ref["inclusion_proofs"]!.arrayValue! {
            let i = p.uint("index")!, n = p.uint("size")!
            let sub = LeafHashes(Array(leaves[..<Int(n)]))
            let proof = try sub.inclusionProof(index: i, size: n)
            #expect(proof == p.hexList("proof_hex"), "inclusion \(i) in \(n)")
            try ProofVerification.verifyInclusion(index: i, size: n, leafHash: leaves[Int(i)], proof: proof, root: roots[Int(n)])
            #expect(try tree.inclusionProof(index: i, size: n) == proof)
        }
        for case .object(let p) in ref["consistency_proofs"]!.arrayValue! {
            let m = p.uint("old")!, n = p.uint("new")!
            let proof = try tree.consistencyProof(from: m, to: n)
            #expect(proof == p.hexList("proof_hex"), "consistency \(m)→\(n)")
            try ProofVerification.verifyConsistency(size1: m, size2: n, root1: roots[Int(m)], root2: roots[Int(n)], proof: proof)
        }
    }

    @Test func refusesHashesThatAreNot32Bytes() {
        #expect(throws: LedgerError.badHashLength(what: "hash", count: 0)) { try TreeHash([]) }
        #expect(throws: LedgerError.badHashLength(what: "hash", count: 33)) { try TreeHash(Array(repeating: 0, count: 33)) }
        #expect(throws: LedgerError.self) { try TreeHash(base64: "ZG9uJ3QgY2FyZSAx") }
    }

    /// Generation against verification on many sizes: every inclusion and consistency proof of trees up to 70
    /// leaves verifies, and a proof for a neighbouring index or size does not.
    @Test func generatedProofsVerifyAndNeighboursFail() throws {
        let leaves = (0..<70).map { TreeHash.leaf(Array("leaf \($0)".utf8)) }
        let tree = LeafHashes(leaves)
        for n in UInt64(1)...70 {
            let root = try tree.rootHash(size: n)
            for i in 0..<n {
                let proof = try tree.inclusionProof(index: i, size: n)
                try ProofVerification.verifyInclusion(index: i, size: n, leafHash: leaves[Int(i)], proof: proof, root: root)
                if n > 1 {
                    let other = (i + 1) % n
                    #expect(throws: LedgerError.self) {
                        try ProofVerification.verifyInclusion(index: other, size: n, leafHash: leaves[Int(i)], proof: proof, root: root)
                    }
                }
            }
            for m in 1...n {
                let proof = try tree.consistencyProof(from: m, to: n)
                try ProofVerification.verifyConsistency(size1: m, size2: n, root1: try tree.rootHash(size: m), root2: root, proof: proof)
                if m > 1 && m < n {
                    #expect(throws: LedgerError.self) {
                        try ProofVerification.verifyConsistency(size1: m - 1, size2: n, root1: try tree.rootHash(size: m), root2: root, proof: proof)
                    }
                }
            }
        }
    }
}

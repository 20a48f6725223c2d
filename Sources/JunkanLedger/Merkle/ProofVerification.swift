/// RFC 9162 §2.1.3.2 and §2.1.4.2: verifying inclusion and consistency proofs.
///
/// Every hash handed in is a `TreeHash`, so a hash that is not 32 bytes was already refused where it was decoded
/// (the transparency-dev vectors with "don't care" roots fail there, as in Go).
public enum ProofVerification {
    /// The root an inclusion proof leads to (§2.1.3.2 steps 1–5), or an error when the proof cannot be one.
    public static func rootFromInclusionProof(
        index: UInt64, size: UInt64, leafHash: TreeHash, proof: [TreeHash]
    )
        throws(LedgerError) -> TreeHash
    {
        guard index < size else { throw .indexOutOfRange(index: index, size: size) }
        var fn = index, sn = size - 1, r = leafHash
        for p in proof {
            guard sn != 0 else { throw .proofMismatch("inclusion proof has \(proof.count) hashes, more than the tree needs") }
            if fn & 1 == 1 || fn == sn {
                r = .node(p, r)
                if fn & 1 == 0 { while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 } }
            } else {
                r = .node(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        guard sn == 0 else { throw .proofMismatch("inclusion proof has \(proof.count) hashes, fewer than the tree needs") }
        return r
    }

    public static func verifyInclusion(
        index: UInt64, size: UInt64, leafHash: TreeHash, proof: [TreeHash], root: TreeHash
    )
        throws(LedgerError)
    {
        let computed = try rootFromInclusionProof(index: index, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else {
            throw .proofMismatch("inclusion proof for index \(index) leads to root \(computed), not \(root)")
        }
    }

    /// §2.1.4.2, with the edge cases of transparency-dev/merkle: equal sizes need an empty proof and equal roots;
    /// from size 0 only an empty proof is accepted.
    public static func verifyConsistency(
        size1: UInt64, size2: UInt64, root1: TreeHash, root2: TreeHash, proof: [TreeHash]
    ) throws(LedgerError) {
        guard size1 <= size2 else { throw .badSizes("old size \(size1) is larger than new size \(size2)") }
        if size1 == size2 {
            guard proof.isEmpty else { throw .proofMismatch("equal sizes need an empty consistency proof") }
            guard root1 == root2 else { throw .proofMismatch("equal sizes \(size1) with different roots") }
            return
        }
        if size1 == 0 {
            guard proof.isEmpty else { throw .proofMismatch("a consistency proof from size 0 must be empty") }
            return
        }
        guard !proof.isEmpty else { throw .proofMismatch("empty consistency proof between different sizes") }
        // Step 2: when size1 is a power of two its root is the first node of the path.
        var path = proof
        if size1 & (size1 - 1) == 0 { path.insert(root1, at: 0) }
        var fn = size1 - 1, sn = size2 - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { throw .proofMismatch("consistency proof is longer than the trees need") }
            if fn & 1 == 1 || fn == sn {
                fr = .node(c, fr); sr = .node(c, sr)
                if fn & 1 == 0 { while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 } }
            } else {
                sr = .node(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        guard sn == 0 else { throw .proofMismatch("consistency proof is shorter than the trees need") }
        guard fr == root1 else { throw .proofMismatch("consistency proof does not lead to the old root \(root1)") }
        guard sr == root2 else { throw .proofMismatch("consistency proof does not lead to the new root \(root2)") }
    }
}

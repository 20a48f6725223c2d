/// C2SP tlog-proof@v1: an offline inclusion proof — optional extra data, the entry index, the inclusion proof
/// lines and the (cosigned) checkpoint, verbatim.
public struct TlogProof: Sendable, Equatable {
    public static let header = "c2sp.org/tlog-proof@v1"

    public var extra: [UInt8]?
    public var index: UInt64
    public var proof: [TreeHash]
    /// The signed checkpoint note, with any cosignatures.
    public var checkpoint: String

    public init(extra: [UInt8]? = nil, index: UInt64, proof: [TreeHash], checkpoint: String) {
        self.extra = extra
        self.index = index
        self.proof = proof
        self.checkpoint = checkpoint
    }

    public var text: String {
        var s = Self.header + "\n"
        if let extra { s += "extra \(Base64.encode(extra))\n" }
        s += "index \(index)\n"
        for h in proof { s += h.base64 + "\n" }
        return s + "\n" + checkpoint
    }

    public init(parsing text: String) throws(LedgerError) {
        var rest = Substring(text)
        func line() throws(LedgerError) -> Substring {
            guard let nl = rest.firstIndex(of: "\n") else { throw .malformedProof("line missing its newline") }
            defer { rest = rest[rest.index(after: nl)...] }
            return rest[..<nl]
        }
        guard try line() == Self.header else { throw .malformedProof("first line must be \(Self.header)") }
        var l = try line()
        var extra: [UInt8]?
        if l.hasPrefix("extra ") {
            guard let e = Base64.decode(l.dropFirst(6)) else { throw .malformedProof("extra data is not base64") }
            extra = e
            l = try line()
        }
        guard l.hasPrefix("index "), let index = ASCIIDecimal.parse(l.dropFirst(6)) else {
            throw .malformedProof("expected \"index N\" (decimal, no leading zeros), got \"\(l.prefix(40))\"")
        }
        var proof: [TreeHash] = []
        while true {
            let h = try line()
            if h.isEmpty { break }
            do { proof.append(try TreeHash(base64: h, what: "proof line \(proof.count + 1)")) } catch { throw .malformedProof("\(error)") }
            guard proof.count <= 63 else { throw .malformedProof("more than 63 proof hashes") }
        }
        self.init(extra: extra, index: index, proof: proof, checkpoint: String(rest))
    }

    /// Verifies the proof for a leaf hash: the checkpoint is signed by `logKey`, carries at least `witnessQuorum`
    /// valid cosignatures among `witnessKeys`, and the inclusion proof leads to its root.
    @discardableResult
    public func verify(leafHash: TreeHash, logKey: NoteVerifierKey, witnessKeys: [NoteVerifierKey] = [], witnessQuorum: Int = 0)
        throws(LedgerError) -> Checkpoint
    {
        let (checkpoint, note) = try Checkpoint.open(self.checkpoint, logKey: logKey)
        if witnessQuorum > 0 {
            let cosigned = (try? note.verify(witnessKeys)) ?? []
            guard cosigned.count >= witnessQuorum else {
                throw .noValidSignature("\(cosigned.count) valid witness cosignatures, \(witnessQuorum) required")
            }
        }
        try ProofVerification.verifyInclusion(index: index, size: checkpoint.size, leafHash: leafHash, proof: proof, root: checkpoint.root)
        return checkpoint
    }
}

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
        return s + HashLineText.format(hashLines: proof, note: checkpoint)
    }

    public init(parsing text: String) throws(LedgerError) {
        var reader = HashLineText(text, fail: LedgerError.malformedProof)
        guard try reader.line() == Self.header else { throw .malformedProof("first line must be \(Self.header)") }
        var l = try reader.line()
        var extra: [UInt8]?
        if l.hasPrefix("extra ") {
            guard let e = Base64.decode(l.dropFirst(6)) else { throw .malformedProof("extra data is not base64") }
            extra = e
            l = try reader.line()
        }
        guard l.hasPrefix("index "), let index = ASCIIDecimal.parse(l.dropFirst(6)) else {
            throw .malformedProof("expected \"index N\" (decimal, no leading zeros), got \"\(l.prefix(40))\"")
        }
        let proof = try reader.hashLines(what: "proof")
        self.init(extra: extra, index: index, proof: proof, checkpoint: String(reader.rest))
    }

    /// Verifies the proof for a leaf hash: the checkpoint is signed by `logKey`, carries at least `witnessQuorum`
    /// valid cosignatures among `witnessKeys`, and the inclusion proof leads to its root.
    @discardableResult
    public func verify(
        leafHash: TreeHash, logKey: NoteVerifierKey, witnessKeys: [NoteVerifierKey] = [], witnessQuorum: Int = 0
    )
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

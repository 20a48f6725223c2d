/// The body of a C2SP tlog-witness `add-checkpoint` request: `old <size>`, up to 63 consistency proof lines, an
/// empty line, then the signed checkpoint.
public struct WitnessRequest: Sendable, Equatable {
    public let oldSize: UInt64
    public let proof: [TreeHash]
    public let note: String

    public init(oldSize: UInt64, proof: [TreeHash], note: String) {
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    public var body: String { "old \(oldSize)\n" + HashLineText.format(hashLines: proof, note: note) }

    public init(parsing body: String) throws(LedgerError) {
        var reader = HashLineText(body, fail: LedgerError.malformedNote)
        let first = try reader.line()
        let digits = first.dropFirst(4)
        guard first.hasPrefix("old "), let old = ASCIIDecimal.parse(digits) else {
            throw .malformedNote("the first line must be \"old <size>\" (decimal, no leading zeros), not \"\(first.prefix(40))\"")
        }
        let proof = try reader.hashLines(what: "consistency proof")
        self.init(oldSize: old, proof: proof, note: String(reader.rest))
    }
}

/// What a witness knows of a log it follows: its keys and the latest checkpoint it cosigned.
public struct FollowedLog: Sendable, Equatable {
    public var origin: String
    public var keys: [NoteVerifierKey]
    public var size: UInt64
    public var root: TreeHash?

    public init(origin: String, keys: [NoteVerifierKey], size: UInt64 = 0, root: TreeHash? = nil) {
        self.origin = origin
        self.keys = keys
        self.size = size
        self.root = root
    }
}

/// The witness's decision on one request (tlog-witness "add-checkpoint"), before any state is written.
public enum WitnessDecision: Sendable, Equatable {
    /// Cosign and record the checkpoint as the latest.
    case cosign(Checkpoint)
    /// 400: malformed, or old size above the checkpoint size.
    case badRequest(String)
    /// 404: the origin is not a log this witness follows.
    case unknownLog(String)
    /// 403: no signature by a known key of the log verifies.
    case forbidden(String)
    /// 409: the old size is not the size last cosigned (body: that size), or same size with another root.
    case conflict(size: UInt64, detail: String, splitView: Bool)
    /// 422: the consistency proof does not verify.
    case badProof(String)

    /// Applies the checks of tlog-witness in its order. `followed(origin)` looks the log up; `seenRoot(size)` is the
    /// root of any checkpoint of that size cosigned before (to catch a split view at a size already passed).
    public static func decide(
        _ request: WitnessRequest, followed: (String) -> FollowedLog?, seenRoot: (String, UInt64) -> TreeHash?
    )
        -> WitnessDecision
    {
        let signed: SignedNote
        let checkpoint: Checkpoint
        do {
            signed = try SignedNote(parsing: request.note)
            checkpoint = try Checkpoint(parsing: signed.text)
        } catch { return .badRequest("\(error)") }
        guard let log = followed(checkpoint.origin) else { return .unknownLog("this witness does not follow \(checkpoint.origin)") }
        do { try signed.verify(log.keys) } catch { return .forbidden("\(error)") }
        guard request.oldSize <= checkpoint.size else {
            return .badRequest("old size \(request.oldSize) is larger than the checkpoint size \(checkpoint.size)")
        }
        if let seen = seenRoot(checkpoint.origin, checkpoint.size), seen != checkpoint.root {
            return .conflict(
                size: log.size,
                detail: "a checkpoint of size \(checkpoint.size) with root \(seen) was cosigned before; "
                    + "this one has root \(checkpoint.root)", splitView: true)
        }
        guard request.oldSize == log.size else {
            return .conflict(size: log.size, detail: "the latest cosigned size is \(log.size), not \(request.oldSize)", splitView: false)
        }
        if request.oldSize == checkpoint.size {
            guard request.proof.isEmpty else { return .badProof("equal sizes need an empty proof") }
            return .cosign(checkpoint)
        }
        do {
            try ProofVerification.verifyConsistency(
                size1: log.size, size2: checkpoint.size, root1: log.root ?? .emptyTree,
                root2: checkpoint.root, proof: request.proof)
        } catch { return .badProof("\(error)") }
        return .cosign(checkpoint)
    }
}

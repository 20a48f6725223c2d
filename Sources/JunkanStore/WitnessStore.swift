public import JunkanLedger

/// A witness's state (C2SP tlog-witness): the logs it follows and the checkpoints it cosigned, plus evidence of
/// misbehaviour it was shown.
public protocol WitnessStore: Sendable {
    func follow(origin: String, key: NoteVerifierKey) async throws
    func followedLog(origin: String) async throws -> FollowedLog?
    /// Root of the checkpoint of `size` this witness cosigned for `origin`, if any.
    func cosignedRoot(origin: String, size: UInt64) async throws -> TreeHash?
    /// The signed note of that checkpoint as the log submitted it (the log's own signature on it: evidence another
    /// node can check with the log's key alone).
    func cosignedNote(origin: String, size: UInt64) async throws -> String?
    /// Records `checkpoint` as the latest for its origin only if the latest is still `expectedSize` (check and
    /// update in one transaction, so two requests cannot roll the log back). Returns false when it was not.
    func advance(origin: String, expectedSize: UInt64, to checkpoint: Checkpoint, note: String) async throws -> Bool
    func recordEvidence(origin: String, kind: String, request: String, detail: String) async throws
    func evidence() async throws -> [WitnessEvidence]
}

public struct WitnessEvidence: Sendable, Equatable {
    public var origin: String
    public var kind: String
    public var request: String
    public var detail: String
    public var receivedAt: Int64
    public init(origin: String, kind: String, request: String, detail: String, receivedAt: Int64) {
        self.origin = origin; self.kind = kind; self.request = request; self.detail = detail; self.receivedAt = receivedAt
    }
}

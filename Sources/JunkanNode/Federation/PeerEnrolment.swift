public import JunkanCore
public import JunkanLedger
public import JunkanStore

/// What `junkan peer add` checks before a node is trusted as a peer (issue 27, item 1; docs/federation.md): the node at
/// the URL describes itself (`/.well-known/junkan-node`) under that very URL; its did:web document holds its log key;
/// its latest checkpoint verifies with that key. The key is then pinned: the one the operator gave (`--log-key`, from the
/// peer's operator out of band), which must be the one served, or the one served once the operator confirmed it.
public struct PeerEnrolment: Sendable {
    /// GET of an absolute URL: its status and body. Bounded: at most `PeerEnrolment.maxBody` bytes are kept.
    public typealias Fetch = @Sendable (String) async throws -> (status: Int, body: [UInt8])
    public static let maxBody = 1 << 20
    let fetch: Fetch

    public init(fetch: @escaping Fetch = PeerEnrolment.get) { self.fetch = fetch }

    /// A node as it describes itself, checked.
    public struct Candidate: Sendable {
        public var description: NodeDescription
        public var descriptionText: String
        public var didDocument: String
        /// The size of the checkpoint that verified with the described key.
        public var checkpointSize: UInt64
    }

    public func inspect(_ url: String) async throws -> Candidate {
        let base = try PeerURL.normalise(url)
        let text = try await document(base + "/.well-known/junkan-node", what: "node description")
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw PeerEnrolmentError.unusable("\(base)/.well-known/junkan-node is not JSON: \(error)") }
        let description = try NodeDescription(parsing: json)
        guard description.baseURL == base else {
            throw PeerEnrolmentError.unusable("the node at \(base) describes itself as \(description.baseURL): add it by that URL")
        }
        let did = try await document(description.endpoints["didDocument"] ?? base + "/.well-known/did.json", what: "did:web document")
        guard let didJSON = try? JSONParser.parse(did), didJSON.objectValue?["id"]?.stringValue == description.did,
            DIDWeb.publicKey(in: didJSON, keyID: DIDWeb.keyID(description.did)) == description.logKey.publicKey
        else {
            throw PeerEnrolmentError.unusable("the did:web document of \(base) (\(description.did)) does not hold its log key \(description.logKey)")
        }
        let note = try await document(description.endpoints["logCheckpoint"] ?? base + "/tlog/checkpoint", what: "checkpoint")
        let checkpoint: Checkpoint
        do { (checkpoint, _) = try Checkpoint.open(note, logKey: description.logKey) } catch {
            throw PeerEnrolmentError.unusable("the checkpoint of \(base) does not verify with the log key it describes: \(error)")
        }
        return Candidate(description: description, descriptionText: text, didDocument: did, checkpointSize: checkpoint.size)
    }

    /// The peer to record: `given` (the key the operator was told) must be the key the node serves.
    public static func pin(_ candidate: Candidate, given: NoteVerifierKey?, now: Int64) throws -> Peer {
        let served = candidate.description.logKey
        if let given, given != served {
            throw PeerEnrolmentError.keyMismatch(baseURL: candidate.description.baseURL, served: served.description, given: given.description)
        }
        return Peer(
            baseURL: candidate.description.baseURL, logOrigin: served.name, logKey: served.description, didDocument: candidate.didDocument,
            description: candidate.descriptionText, addedAt: now)
    }

    func document(_ url: String, what: String) async throws -> String {
        let status: Int, body: [UInt8]
        do { (status, body) = try await fetch(url) } catch let e as PeerEnrolmentError { throw e } catch {
            throw PeerEnrolmentError.unreachable("\(url): \(error)")
        }
        guard status == 200 else { throw PeerEnrolmentError.unusable("\(url) answered \(status) for the \(what)") }
        guard let text = String(validating: body, as: UTF8.self) else { throw PeerEnrolmentError.unusable("the \(what) at \(url) is not UTF-8") }
        return text
    }

    /// GET over HTTP(S): 10 s for the whole answer, at most `maxBody` bytes (`PeerHTTP`).
    public static let get: Fetch = { url in
        let answer = try await PeerHTTP.send(url, timeout: 10, maxBytes: maxBody)
        return (answer.status, answer.body)
    }
}

public enum PeerEnrolmentError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreachable(String)
    case unusable(String)
    case keyMismatch(baseURL: String, served: String, given: String)

    public var description: String {
        switch self {
        case .unreachable(let s): "cannot reach the peer: \(s)"
        case .unusable(let s): s
        case .keyMismatch(let url, let served, let given):
            "the node at \(url) serves the log key \(served), not the one given (\(given)): not added. Ask its operator which is right."
        }
    }
}

public import Foundation
public import JunkanLedger

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A witness this log asks for cosignatures (C2SP tlog-witness `add-checkpoint`), known by its URL prefix and its
/// cosignature/v1 verifier key.
public struct WitnessClient: Sendable {
    public enum Reply: Sendable, Equatable {
        case cosigned(line: String)
        /// 409: the witness has cosigned another size; its body says which.
        case conflict(size: UInt64)
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case refused(status: Int, body: String)
        case badCosignature(String)
        public var description: String {
            switch self {
            case .refused(let s, let b): "witness answered \(s): \(b.prefix(200))"
            case .badCosignature(let s): s
            }
        }
    }

    public let url: URL
    public let key: NoteVerifierKey
    public var name: String { key.name }

    public init(url: URL, key: NoteVerifierKey) {
        self.url = url
        self.key = key
    }

    /// `url` is the witness's submission prefix; `key` its verifier key line (type 0x04).
    public init(parsing spec: String) throws {
        // "URL=vkey" or "URL vkey"
        let parts = spec.split(whereSeparator: { $0 == "=" || $0 == " " }).map(String.init)
        guard parts.count == 2, let url = URL(string: parts[0]) else { throw LedgerError.malformedKey("a witness is URL=VERIFIER-KEY") }
        self.init(url: url, key: try NoteVerifierKey(parsing: parts[1]))
    }

    public func addCheckpoint(oldSize: UInt64, proof: [TreeHash], note: String) async throws -> Reply {
        var request = URLRequest(url: url.appendingPathComponent("add-checkpoint"))
        request.httpMethod = "POST"
        request.httpBody = Data(WitnessRequest(oldSize: oldSize, proof: proof, note: note).body.utf8)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let body = String(decoding: data, as: UTF8.self)
        switch status {
        case 200:
            // The client concatenates the reply to the checkpoint and verifies it with the witness key.
            let signed = try SignedNote(parsing: note + body)
            guard let sig = try? signed.verify([key]).first else {
                throw Failure.badCosignature("the witness's reply holds no valid cosignature by \(key)")
            }
            return .cosigned(line: sig.line)
        case 409:
            guard let size = UInt64(body.trimmingCharacters(in: .newlines)) else { throw Failure.refused(status: 409, body: body) }
            return .conflict(size: size)
        default:
            throw Failure.refused(status: status, body: body)
        }
    }
}

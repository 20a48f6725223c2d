public import Crypto
import Foundation
public import JunkanCore
import JunkanLedger
public import JunkanStore

/// HTTP Message Signatures (RFC 9421) as nodes sign their requests to each other (issue 27, item 6;
/// docs/federation.md): Ed25519 with the node's log key (the key of its did:web document), covering the method, the
/// target URI, the body's `Content-Digest` (RFC 9530, SHA-256) and its `Content-Type`, with the creation time and the
/// key ID (`did:web:…#key-1`). A node proves who it is this way, never with a shared password.
public enum HTTPMessageSignature {
    /// The signature's label in `Signature-Input` and `Signature`.
    public static let label = "junkan"
    public static let components = ["@method", "@target-uri", "content-digest", "content-type"]
    /// How far a signature's creation time may be from the receiver's clock, seconds.
    public static let maxSkew: Int64 = 300

    /// RFC 9530: `sha-256=:<base64>:`.
    public static func contentDigest(_ body: [UInt8]) -> String {
        "sha-256=:" + Data(SHA256.hash(data: body)).base64EncodedString() + ":"
    }

    /// The `@signature-params` value (RFC 9421 §2.3), as it is sent in `Signature-Input`.
    public static func params(created: Int64, keyID: String) -> String {
        "(" + components.map { "\"\($0)\"" }.joined(separator: " ") + ");created=\(created);keyid=\"\(keyID)\";alg=\"ed25519\""
    }

    /// The signature base (RFC 9421 §2.5): one line per covered component, then `@signature-params`.
    static func base(method: String, targetURI: String, contentDigest: String, contentType: String, params: String) -> [UInt8] {
        let lines = [
            "\"@method\": \(method)", "\"@target-uri\": \(targetURI)", "\"content-digest\": \(contentDigest)",
            "\"content-type\": \(contentType)", "\"@signature-params\": \(params)"
        ]
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// The headers that sign a request: `Content-Digest`, `Signature-Input`, `Signature`.
    public static func sign(
        method: String, targetURI: String, body: [UInt8], contentType: String, keyID: String, key: Curve25519.Signing.PrivateKey, created: Int64
    ) throws -> [String: String] {
        let digest = contentDigest(body)
        let p = params(created: created, keyID: keyID)
        let signature = try key.signature(for: base(method: method, targetURI: targetURI, contentDigest: digest, contentType: contentType, params: p))
        return [
            "Content-Digest": digest, "Signature-Input": "\(label)=\(p)",
            "Signature": "\(label)=:\(Data(signature).base64EncodedString()):"
        ]
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case malformed(String)
        case unknownKey(String)
        case invalid(String)
        public var description: String {
            switch self {
            case .malformed(let s): "the request's signature is malformed: \(s)"
            case .unknownKey(let k): "the request is signed with \(k), not the key of a registered peer"
            case .invalid(let s): "the request's signature does not verify: \(s)"
            }
        }
    }

    /// The key ID of a request's valid signature labelled `junkan`; nil when the request carries no signature.
    /// `header` reads a request header; `key` gives the public key of a key ID (nil: not one this node knows).
    public static func verify(
        method: String, targetURI: String, body: [UInt8], header: (String) -> String?, now: Int64,
        key: (String) -> Curve25519.Signing.PublicKey?
    ) throws(Failure) -> String? {
        guard let input = header("Signature-Input") else {
            guard header("Signature") == nil else { throw .malformed("Signature without Signature-Input") }
            return nil
        }
        guard let params = member(input), let signatureText = header("Signature").flatMap(member),
            signatureText.count > 2, signatureText.hasPrefix(":"), signatureText.hasSuffix(":"),
            let signature = Data(base64Encoded: String(signatureText.dropFirst().dropLast()))
        else { throw .malformed("expected Signature-Input and Signature members labelled \(label)") }
        // The covered components must be exactly ours, in our order: what is not covered is not proven.
        guard params.hasPrefix("(" + components.map { "\"\($0)\"" }.joined(separator: " ") + ");") else {
            throw .malformed("it must cover \(components.joined(separator: ", "))")
        }
        let p = parameters(params)
        guard p["alg"] == "\"ed25519\"" else { throw .malformed("alg must be \"ed25519\"") }
        guard let created = p["created"].flatMap({ Int64($0) }) else { throw .malformed("created is required") }
        guard abs(now - created) <= maxSkew else { throw .invalid("created \(created) is more than \(maxSkew) s from now (\(now))") }
        guard let quoted = p["keyid"], quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else {
            throw .malformed("keyid is required")
        }
        let keyID = String(quoted.dropFirst().dropLast())
        guard let publicKey = key(keyID) else { throw .unknownKey(keyID) }
        let digest = contentDigest(body)
        guard header("Content-Digest") == digest else { throw .invalid("Content-Digest is not the SHA-256 of the body") }
        let b = base(method: method, targetURI: targetURI, contentDigest: digest, contentType: header("Content-Type") ?? "", params: params)
        guard publicKey.isValidSignature(signature, for: b) else { throw .invalid("not signed by \(keyID) over this request") }
        return keyID
    }

    /// The registered peer whose pinned key (its log key, the key of its did:web document) signed the request; nil for
    /// an unsigned request.
    public static func requester(
        method: String, targetURI: String, body: [UInt8], header: (String) -> String?, now: Int64, peers: [Peer]
    ) throws(Failure) -> Peer? {
        var byKeyID: [String: (peer: Peer, key: Curve25519.Signing.PublicKey)] = [:]
        for p in peers {
            guard let key = try? NoteVerifierKey(parsing: p.logKey), let pk = try? Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey) else {
                continue
            }
            byKeyID[DIDWeb.keyID(DIDWeb.did(baseURL: p.baseURL))] = (p, pk)
        }
        let keyID = try verify(method: method, targetURI: targetURI, body: body, header: header, now: now) { byKeyID[$0]?.key }
        return keyID.flatMap { byKeyID[$0]?.peer }
    }

    /// The value of the dictionary member labelled `label` (RFC 8941 §3.2, as far as these fields need it: members
    /// separated by commas outside inner lists, strings and byte sequences).
    static func member(_ field: String) -> String? {
        var depth = 0, inString = false, inBytes = false, start = field.startIndex
        var members: [Substring] = []
        for i in field.indices {
            let c = field[i]
            if inString { if c == "\"" { inString = false }; continue }
            switch c {
            case "\"": inString = true
            case ":": inBytes.toggle()
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0 && !inBytes:
                members.append(field[start..<i])
                start = field.index(after: i)
            default: break
            }
        }
        members.append(field[start...])
        for m in members {
            let t = m.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(label + "=") { return String(t.dropFirst(label.count + 1)) }
        }
        return nil
    }

    /// The parameters after an inner list: `;name=value` pairs, values as written.
    static func parameters(_ value: String) -> [String: String] {
        guard let close = value.lastIndex(of: ")") else { return [:] }
        var out: [String: String] = [:]
        for part in value[value.index(after: close)...].split(separator: ";") where !part.isEmpty {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { out[String(kv[0])] = String(kv[1]) }
        }
        return out
    }
}

import Crypto
import Foundation

/// JWS Compact Serialization (RFC 7515 §7.1) with EdDSA over Ed25519 (RFC 8037): what VC-JOSE-COSE secures a
/// credential with (`application/vc+jwt`). Written here rather than taken from jwt-kit: the payload is a JSON-LD
/// credential we already serialise ourselves (jwt-kit wants Codable claims), and sign/verify is a dozen lines on
/// swift-crypto, which the package already uses.
public enum CompactJWS {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case malformed(String)
        case unsupportedAlgorithm(String)
        case badSignature
        public var description: String {
            switch self {
            case .malformed(let why): "not a compact JWS: \(why)"
            case .unsupportedAlgorithm(let alg): "the JWS algorithm is \(alg); only EdDSA (Ed25519) is accepted"
            case .badSignature: "the JWS signature does not verify with the issuer's key"
            }
        }
    }

    public struct Parts: Sendable {
        public var header: JSONObject
        public var payload: [UInt8]
        public var signingInput: [UInt8]
        public var signature: [UInt8]
    }

    public static func sign(header: JSONObject, payload: [UInt8], seed: [UInt8]) throws -> String {
        let input = base64url(Array(JSONWriter.string(.object(header)).utf8)) + "." + base64url(payload)
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let signature = try key.signature(for: Array(input.utf8))
        return input + "." + base64url(Array(signature))
    }

    public static func parse(_ text: String) throws(Failure) -> Parts {
        let pieces = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 3 else { throw .malformed("it has \(pieces.count) parts separated by '.', not 3") }
        guard let h = base64urlDecode(pieces[0]) else { throw .malformed("the header is not base64url") }
        guard let payload = base64urlDecode(pieces[1]) else { throw .malformed("the payload is not base64url") }
        guard let signature = base64urlDecode(pieces[2]) else { throw .malformed("the signature is not base64url") }
        guard let header = (try? JSONParser.parse(h))?.objectValue else { throw .malformed("the header is not a JSON object") }
        let alg = header["alg"]?.stringValue ?? "none"
        guard alg == "EdDSA" else { throw .unsupportedAlgorithm(alg) }
        return Parts(header: header, payload: payload, signingInput: Array((pieces[0] + "." + pieces[1]).utf8), signature: signature)
    }

    public static func verify(_ parts: Parts, publicKey: [UInt8]) throws(Failure) {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
            key.isValidSignature(parts.signature, for: parts.signingInput)
        else { throw .badSignature }
    }

    public static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func base64urlDecode(_ text: some StringProtocol) -> [UInt8]? {
        guard text.allSatisfy({ $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || $0 == "-" || $0 == "_" }) else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard s.count % 4 != 1 else { return nil }
        s += String(repeating: "=", count: (4 - s.count % 4) % 4)
        guard let bytes = Data(base64Encoded: s).map(Array.init) else { return nil }
        // RFC 4648 §3.5: the bits after the last whole byte are zero. Foundation ignores them, so one signature would have
        // several spellings (a JWS altered in its last character still verifying); re-encoding finds the others.
        guard base64url(bytes) == text else { return nil }
        return bytes
    }
}

import Foundation

/// did:web identifiers (W3C CCG did:web method) for this node and the organisations it hosts, and their DID
/// documents: one Ed25519 verification method as a JWK (RFC 8037), for assertions (signing credentials).
public enum DIDWeb {
    /// `http://127.0.0.1:8080` → `did:web:127.0.0.1%3A8080`; a path adds `:`-separated segments.
    public static func did(baseURL: String, path: [String] = []) -> String {
        var host = baseURL
        for prefix in ["https://", "http://"] where host.hasPrefix(prefix) { host.removeFirst(prefix.count) }
        while host.hasSuffix("/") { host.removeLast() }
        let parts = host.split(separator: "/").map(String.init)
        let encodedHost = parts.first.map { $0.replacingOccurrences(of: ":", with: "%3A") } ?? ""
        return (["did:web:" + encodedHost] + parts.dropFirst() + path).joined(separator: ":")
    }

    /// The DID of an organisation hosted here (its document at `/orgs/{id}/did.json`).
    public static func organisation(baseURL: String, id: String) -> String { did(baseURL: baseURL, path: ["orgs", id]) }

    public static func keyID(_ did: String) -> String { did + "#key-1" }

    public static func document(did: String, publicKey: [UInt8]) -> JSONValue {
        let method = keyID(did)
        return .object(
            JSONObject([
                ("@context", .array(["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"])),
                ("id", .string(did)),
                (
                    "verificationMethod",
                    .array([
                        .object(
                            JSONObject([
                                ("id", .string(method)), ("type", "JsonWebKey"), ("controller", .string(did)),
                                ("publicKeyJwk", .object(JSONObject([("kty", "OKP"), ("crv", "Ed25519"), ("x", .string(CompactJWS.base64url(publicKey)))])))
                            ]))
                    ])
                ),
                ("assertionMethod", .array([.string(method)])),
                ("authentication", .array([.string(method)]))
            ]))
    }

    /// The Ed25519 public key of `keyID` in a DID document (nil when it has none).
    public static func publicKey(in document: JSONValue, keyID: String) -> [UInt8]? {
        for m in document.objectValue?["verificationMethod"]?.arrayValue ?? [] {
            guard let o = m.objectValue, o["id"]?.stringValue == keyID, let jwk = o["publicKeyJwk"]?.objectValue,
                jwk["kty"]?.stringValue == "OKP", jwk["crv"]?.stringValue == "Ed25519", let x = jwk["x"]?.stringValue
            else { continue }
            return CompactJWS.base64urlDecode(x)
        }
        return nil
    }
}

import Crypto
import JunkanCore

/// Ouranos identifies operators, plants and traces by UUIDs (docs/ouranos.md); Junkan derives them from what it already
/// identifies (an organisation's ID, a GLN, a lot's canonical Digital Link), so the same thing has the same UUID on
/// every request and every node, with nothing stored. Name-based UUIDs (RFC 9562 version 8, from SHA-256 of the kind
/// and the name).
public enum OuranosIDs {
    public static func uuid(_ kind: String, _ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Array("junkan:ouranos:\(kind)\n\(name)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = Hex.encode(bytes)
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }

    public static func operatorID(_ organisationID: String) -> String { uuid("operator", organisationID) }
    public static func plantID(_ gln: String) -> String { uuid("plant", gln) }
    public static func traceID(_ canonicalLink: String) -> String { uuid("trace", canonicalLink) }
}

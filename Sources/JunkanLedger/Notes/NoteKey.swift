import Crypto
import Foundation

/// Signature algorithm bytes of C2SP signed-note: 0x01 Ed25519 note signatures, 0x04 tlog-cosignature/v1.
public enum NoteKeyType: UInt8, Sendable {
    case ed25519 = 0x01
    case cosignatureV1 = 0x04
}

/// A public key as C2SP signed-note writes it: `name+hex8+base64(type || public key)`.
public struct NoteVerifierKey: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let type: NoteKeyType
    public let publicKey: [UInt8]
    public var keyID: UInt32 { NoteKeyID.compute(name: name, type: type, publicKey: publicKey) }

    public init(name: String, type: NoteKeyType, publicKey: [UInt8]) throws(LedgerError) {
        try NoteKeyID.checkName(name)
        guard publicKey.count == 32 else { throw .malformedKey("an Ed25519 public key is 32 bytes, not \(publicKey.count)") }
        self.name = name
        self.type = type
        self.publicKey = publicKey
    }

    /// The verifier key of a signer, whose name was checked when it was made; an Ed25519 public key is always 32 bytes.
    init(signer: NoteSigner, type: NoteKeyType) {
        self.name = signer.name
        self.type = type
        self.publicKey = Array(signer.privateKey.publicKey.rawRepresentation)
    }

    /// Parses `name+hex8+base64`; the hex key ID must be the one the name and key hash to.
    public init(parsing text: String) throws(LedgerError) {
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)  // base64 may hold "+"
        guard parts.count == 3 else { throw .malformedKey("a verifier key is name+keyid+key, got \(parts.count) parts") }
        guard let raw = Base64.decode(parts[2]), let typeByte = raw.first else {
            throw .malformedKey("the key part of a verifier key is not base64")
        }
        guard let type = NoteKeyType(rawValue: typeByte) else {
            throw .malformedKey("signature type 0x\(String(typeByte, radix: 16)) is not supported (Ed25519 0x01, cosignature/v1 0x04)")
        }
        try self.init(name: String(parts[0]), type: type, publicKey: Array(raw.dropFirst()))
        guard parts[1].utf8.count == 8, let id = UInt32(parts[1], radix: 16), id == keyID else {
            throw .malformedKey("key ID \(parts[1]) does not match the name and key (expected \(NoteKeyID.hex(keyID)))")
        }
    }

    public var description: String {
        "\(name)+\(NoteKeyID.hex(keyID))+\(Base64.encode([type.rawValue] + publicKey))"
    }

    var ed25519: Curve25519.Signing.PublicKey? { try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) }
}

enum NoteKeyID {
    /// SHA-256(name || 0x0A || type || key)[:4], big-endian (signed-note "Signatures").
    static func compute(name: String, type: NoteKeyType, publicKey: [UInt8]) -> UInt32 {
        var h = SHA256()
        h.update(data: Array(name.utf8) + [0x0A, type.rawValue])
        h.update(data: publicKey)
        let d = Array(h.finalize())
        return UInt32(d[0]) << 24 | UInt32(d[1]) << 16 | UInt32(d[2]) << 8 | UInt32(d[3])
    }

    static func hex(_ id: UInt32) -> String {
        let s = String(id, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    static func bytes(_ id: UInt32) -> [UInt8] { [UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)] }

    /// Key names are non-empty and hold no Unicode whitespace and no `+`.
    static func checkName(_ name: String) throws(LedgerError) {
        guard !name.isEmpty else { throw .malformedKey("a key name is empty") }
        guard !name.unicodeScalars.contains(where: { $0 == "+" || $0.properties.isWhitespace }) else {
            throw .malformedKey("key name \"\(name)\" holds whitespace or '+'")
        }
    }
}

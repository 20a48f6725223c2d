public import Crypto
import Foundation

/// An Ed25519 signing key with its signed-note name. Text form (Go `sumdb/note`):
/// `PRIVATE+KEY+name+hex8+base64(0x01 || 32-byte seed)`.
public struct NoteSigner: Sendable {
    public let name: String
    public let privateKey: Curve25519.Signing.PrivateKey

    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws(LedgerError) {
        try NoteKeyID.checkName(name)
        self.name = name
        self.privateKey = privateKey
    }

    public init(parsing text: String) throws(LedgerError) {
        let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let parts = trimmed.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw .malformedKey("a signing key reads PRIVATE+KEY+name+keyid+key")
        }
        guard let raw = Base64.decode(parts[4]), raw.count == 33, raw[0] == NoteKeyType.ed25519.rawValue,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw[1...])
        else { throw .malformedKey("the key part of a signing key is not base64(0x01 || 32-byte seed)") }
        try self.init(name: String(parts[2]), privateKey: key)
        guard UInt32(parts[3], radix: 16) == verifierKey.keyID else { throw .malformedKey("signing key ID does not match its key") }
    }

    public var verifierKey: NoteVerifierKey {
        NoteVerifierKey(signer: self, type: .ed25519)
    }

    public var text: String {
        "PRIVATE+KEY+\(name)+\(NoteKeyID.hex(verifierKey.keyID))+\(Base64.encode([NoteKeyType.ed25519.rawValue] + Array(privateKey.rawRepresentation)))"
    }

    /// One signature line `— name base64(keyID || signature)\n` over `text` (which ends in a newline).
    public func signatureLine(for text: String) throws(LedgerError) -> String {
        guard let sig = try? privateKey.signature(for: Array(text.utf8)) else { throw .malformedNote("Ed25519 signing failed") }
        return SignedNote.Signature(name: name, keyID: verifierKey.keyID, payload: Array(sig)).line
    }

    /// The signed note: text, blank line, this key's signature line.
    public func sign(_ text: String) throws(LedgerError) -> String {
        try SignedNote.checkText(text)
        return text + "\n" + (try signatureLine(for: text))
    }
}

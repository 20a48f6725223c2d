import Crypto
import Foundation

/// A C2SP signed note: a UTF-8 text ending in a newline, a blank line, and signature lines
/// `— <name> <base64(4-byte key ID || signature)>`.
public struct SignedNote: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public let name: String
        public let keyID: UInt32
        /// The signature bytes after the key ID (for cosignature/v1: timestamp and signature).
        public let payload: [UInt8]
        public init(name: String, keyID: UInt32, payload: [UInt8]) {
            self.name = name
            self.keyID = keyID
            self.payload = payload
        }

        public var line: String { "\u{2014} \(name) \(Base64.encode(NoteKeyID.bytes(keyID) + payload))\n" }
    }

    public let text: String
    public var signatures: [Signature]

    /// Go's `note.Open` bounds the number of signatures; so do we.
    public static let maxSignatures = 100

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    public var serialized: String { text + "\n" + signatures.map(\.line).joined() }

    public init(parsing message: String) throws(LedgerError) {
        // The signature block starts after the last blank line (signed-note "Format").
        let bytes = Array(message.utf8)
        guard bytes.last == 0x0A else { throw .malformedNote("a signed note ends with a newline") }
        var split: Int?
        var i = bytes.count - 2
        while i >= 0 {
            if bytes[i] == 0x0A && (i + 1 < bytes.count) && bytes[i + 1] == 0x0A { split = i; break }
            i -= 1
        }
        guard let at = split else { throw .malformedNote("no blank line before the signatures") }
        let text = String(decoding: bytes[...at], as: UTF8.self)
        try Self.checkText(text)
        let block = String(decoding: bytes[(at + 2)...], as: UTF8.self)
        var sigs: [Signature] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard line.hasPrefix("\u{2014} ") else { throw .malformedNote("signature line does not start with \"— \": \(line.prefix(40))") }
            let rest = line.dropFirst(2)
            guard let space = rest.lastIndex(of: " ") else { throw .malformedNote("signature line has no signature") }
            let name = String(rest[..<space])
            do { try NoteKeyID.checkName(name) } catch { throw .malformedNote("bad key name in signature line: \(name)") }
            guard let raw = Base64.decode(rest[rest.index(after: space)...]), raw.count > 4 else {
                throw .malformedNote("signature of \(name) is not base64 of key ID and signature")
            }
            let id = UInt32(raw[0]) << 24 | UInt32(raw[1]) << 16 | UInt32(raw[2]) << 8 | UInt32(raw[3])
            sigs.append(Signature(name: name, keyID: id, payload: Array(raw[4...])))
        }
        guard !sigs.isEmpty else { throw .malformedNote("a signed note has at least one signature") }
        guard sigs.count <= Self.maxSignatures else { throw .malformedNote("more than \(Self.maxSignatures) signatures") }
        self.init(text: text, signatures: sigs)
    }

    /// Text rules: valid UTF-8 (Swift strings are), ends in a newline, no control characters but newline.
    static func checkText(_ text: String) throws(LedgerError) {
        guard text.utf8.last == 0x0A else { throw .malformedNote("note text must end with a newline") }
        if let bad = text.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }) {
            throw .malformedNote("note text holds control character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
    }

    /// Checks the signatures of known keys; lines from unknown keys are ignored. A known key whose signature does
    /// not verify, or that signs twice, makes the whole note invalid (as in Go's `note.Open`). Returns the
    /// verified signatures; throws when none verified.
    @discardableResult
    public func verify(_ keys: [NoteVerifierKey]) throws(LedgerError) -> [Signature] {
        var verified: [Signature] = []
        var seen = Set<String>()
        for sig in signatures {
            guard let key = keys.first(where: { $0.name == sig.name && $0.keyID == sig.keyID }) else { continue }
            guard seen.insert("\(sig.name)+\(sig.keyID)").inserted else {
                throw .duplicateSignature("two signatures by \(sig.name)+\(NoteKeyID.hex(sig.keyID))")
            }
            guard Self.check(sig, key: key, text: text) else {
                throw .noValidSignature("signature by \(key.name)+\(NoteKeyID.hex(sig.keyID)) does not verify")
            }
            verified.append(sig)
        }
        guard !verified.isEmpty else { throw .noValidSignature("no signature by a known key") }
        return verified
    }

    static func check(_ sig: Signature, key: NoteVerifierKey, text: String) -> Bool {
        guard let pub = key.ed25519 else { return false }
        switch key.type {
        case .ed25519:
            return sig.payload.count == 64 && pub.isValidSignature(sig.payload, for: Array(text.utf8))
        case .cosignatureV1:
            guard let time = Cosignature.time(of: sig) else { return false }
            return pub.isValidSignature(Array(sig.payload[8...]), for: Array(Cosignature.message(checkpointText: text, time: time).utf8))
        }
    }
}

import Crypto
import Foundation

/// C2SP tlog-cosignature `cosignature/v1`: a witness's timestamped Ed25519 signature over a checkpoint.
/// The note signature payload is timestamp (u64, big-endian seconds) || signature, 72 bytes.
public enum Cosignature {
    public static func message(checkpointText: String, time: UInt64) -> String {
        "cosignature/v1\ntime \(time)\n" + checkpointText
    }

    /// The cosignature line by `signer` (whose verifier key is then of type 0x04) over a checkpoint text.
    public static func line(signer: NoteSigner, checkpointText: String, time: UInt64) throws(LedgerError) -> SignedNote.Signature {
        guard let sig = try? signer.privateKey.signature(for: Array(message(checkpointText: checkpointText, time: time).utf8)) else {
            throw .malformedNote("Ed25519 signing failed")
        }
        var payload: [UInt8] = (0..<8).map { UInt8(time >> (56 - 8 * UInt64($0)) & 0xFF) }
        payload += Array(sig)
        return SignedNote.Signature(name: signer.name, keyID: verifierKey(of: signer).keyID, payload: payload)
    }

    /// A witness key in its cosignature/v1 form (type 0x04).
    public static func verifierKey(of signer: NoteSigner) -> NoteVerifierKey {
        NoteVerifierKey(signer: signer, type: .cosignatureV1)
    }

    /// The timestamp of a cosignature/v1 payload.
    public static func time(of signature: SignedNote.Signature) -> UInt64? {
        guard signature.payload.count == 72 else { return nil }
        return signature.payload[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}

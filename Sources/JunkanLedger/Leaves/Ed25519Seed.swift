public import Crypto

/// Ed25519 keys as their 32-byte seeds (RFC 8032 private keys), the form organisations' keys are stored in.
public enum Ed25519Seed {
    public static func generate() -> (seed: [UInt8], publicKey: [UInt8]) {
        let k = Curve25519.Signing.PrivateKey()
        return (Array(k.rawRepresentation), Array(k.publicKey.rawRepresentation))
    }

    public static func privateKey(_ seed: [UInt8]) throws(LedgerError) -> Curve25519.Signing.PrivateKey {
        guard let k = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { throw .malformedKey("an Ed25519 seed is 32 bytes") }
        return k
    }

    public static func publicKey(_ raw: [UInt8]) throws(LedgerError) -> Curve25519.Signing.PublicKey {
        guard let k = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { throw .malformedKey("an Ed25519 public key is 32 bytes") }
        return k
    }

    /// The public key a seed makes, as its 32 bytes.
    public static func publicKeyBytes(ofSeed seed: [UInt8]) throws(LedgerError) -> [UInt8] {
        Array(try privateKey(seed).publicKey.rawRepresentation)
    }
}

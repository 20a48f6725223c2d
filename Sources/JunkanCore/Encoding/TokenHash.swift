import Crypto

/// Bearer tokens: 256 random bits, shown once; stored only as the lowercase hex SHA-256 of the token.
public enum TokenHash {
    public static func newToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    public static func sha256Hex(_ token: String) -> String { sha256Hex(Array(token.utf8)) }

    /// Lowercase hex SHA-256 of any bytes (an imported file's, for the import log).
    public static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.encode(SHA256.hash(data: bytes)) }
}

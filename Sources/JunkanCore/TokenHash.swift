import Crypto

/// Bearer tokens are kept only as the lowercase hex SHA-256 of the token.
public enum TokenHash {
    public static func sha256Hex(_ token: String) -> String { Hex.encode(SHA256.hash(data: Array(token.utf8))) }
}

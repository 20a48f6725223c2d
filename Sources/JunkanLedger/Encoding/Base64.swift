import Foundation

/// RFC 4648 §4 base64 (standard alphabet, padded), strict: no whitespace, no missing padding.
public enum Base64 {
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard text.utf8.count % 4 == 0, let d = Data(base64Encoded: String(text)) else { return nil }
        // Foundation accepts non-canonical trailing bits; re-encoding tells them apart.
        guard d.base64EncodedString() == text else { return nil }
        return Array(d)
    }
}

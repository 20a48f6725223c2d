import Crypto
import Foundation
import JunkanCore
import Testing

/// JWS compact serialisation (RFC 7515) as the passport credential uses it: base64url without padding, canonical only.
@Suite struct CompactJWSTests {
    static let seed = [UInt8](repeating: 7, count: 32)

    @Test func aSignedTokenParsesAndVerifies() throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Self.seed)
        let jws = try CompactJWS.sign(header: JSONObject([("alg", "EdDSA")]), payload: Array("{\"a\":1}".utf8), seed: Self.seed)
        let parts = try CompactJWS.parse(jws)
        try CompactJWS.verify(parts, publicKey: Array(key.publicKey.rawRepresentation))
        #expect(parts.payload == Array("{\"a\":1}".utf8))
    }

    /// A 64-byte signature is 86 base64url characters; the last one carries 4 bits of the signature and 2 padding bits.
    /// Setting a padding bit spells the same bytes differently: that spelling is refused, not verified.
    @Test func aSignatureWithNonZeroPaddingBitsIsRefused() throws {
        let jws = try CompactJWS.sign(header: JSONObject([("alg", "EdDSA")]), payload: Array("{}".utf8), seed: Self.seed)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = jws.last!
        let value = alphabet.firstIndex(of: last)!
        #expect(value & 0b11 == 0)
        let altered = String(jws.dropLast()) + String(alphabet[value | 0b01])
        #expect(CompactJWS.base64urlDecode(altered.split(separator: ".")[2]) == nil)
        #expect(throws: CompactJWS.Failure.self) { try CompactJWS.parse(altered) }
    }

    @Test func canonicalBase64URLRoundTrips() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(CompactJWS.base64urlDecode(CompactJWS.base64url(bytes)) == bytes)
        }
        #expect(CompactJWS.base64urlDecode("QQ") == Array("A".utf8))
        #expect(CompactJWS.base64urlDecode("QR") == nil)  // same byte, a padding bit set
        #expect(CompactJWS.base64urlDecode("QQ==") == nil)  // no padding in JWS
    }
}

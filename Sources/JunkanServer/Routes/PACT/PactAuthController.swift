import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import NIOCore

/// `POST /auth/token`: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) PACT v3 authenticates with. Clients come
/// from `junkan pact-client add`; they authenticate with HTTP Basic (§2.3.1) and get a bearer token for `/3/…`.
struct PactAuthController<Context: RequestContext> {
    let store: any PactStore
    let gate: PactGate

    var routes: RouteCollection<Context> {
        RouteCollection(context: Context.self).post("/auth/token") { request, context in try await self.token(request, context) }
    }

    func token(_ request: Request, _ context: Context) async throws -> Response {
        guard PactGate.arrivedOverTLS(request) || !gate.requiresTLS else {
            throw OAuthError.invalidRequest("the token endpoint requires TLS (RFC 6749 §3.2): this request did not arrive over HTTPS")
        }
        let (clientID, secret) = try Self.basicCredentials(request)
        if let refusal = request.unknownQueryParameter([]) { throw OAuthError.invalidRequest(refusal) }
        guard request.mediaType == "application/x-www-form-urlencoded" else {
            throw OAuthError.invalidRequest("the body must be application/x-www-form-urlencoded with grant_type=client_credentials")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: 16 * 1024) } catch is NIOTooManyBytesError {
            throw OAuthError.tooLarge("a token request is at most 16 KiB")
        }
        let form = FormURLEncoded.parse(String(buffer: body))
        guard let grant = form.first(where: { $0.name == "grant_type" })?.value else {
            throw OAuthError.invalidRequest("grant_type is required; PACT uses grant_type=client_credentials")
        }
        guard grant == "client_credentials" else {
            throw OAuthError.unsupportedGrantType("only grant_type=client_credentials is supported, found \"\(grant)\"")
        }
        guard let client = try await store.pactClient(id: clientID),
            Self.constantTimeEqual(client.secretHash, TokenHash.sha256Hex(secret))
        else {
            throw OAuthError.invalidClient("client authentication failed: unknown client id or wrong secret")
        }
        let token = Self.randomToken()
        let now = gate.configuration.now()
        let lifetime = gate.configuration.tokenLifetimeSeconds
        try await store.savePactToken(
            PactToken(hash: TokenHash.sha256Hex(token), clientID: client.id, expiresAt: now + Int64(lifetime) * 1000),
            now: now)
        let json = JSONValue.object(
            JSONObject([
                ("access_token", .string(token)), ("token_type", "Bearer"),
                ("expires_in", .number(JSONNumber(lifetime))),
                ("scope", "footprint:list footprint:read")
            ]))
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(json))))
    }

    /// `Authorization: Basic base64(urlencode(id):urlencode(secret))`.
    static func basicCredentials(_ request: Request) throws(OAuthError) -> (String, String) {
        guard let header = request.headers[.authorization] else {
            throw OAuthError.invalidClient("client authentication is required: 'Authorization: Basic base64(client_id:client_secret)'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else {
            throw OAuthError.invalidClient("the Authorization header must be 'Basic base64(client_id:client_secret)'")
        }
        let id = FormURLEncoded.decode(String(text[..<colon])) ?? String(text[..<colon])
        let secret = FormURLEncoded.decode(String(text[text.index(after: colon)...])) ?? String(text[text.index(after: colon)...])
        return (id, secret)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }

    /// 256 random bits, base64url without padding.
    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) }
        return CompactJWS.base64url(bytes)
    }
}

/// `application/x-www-form-urlencoded` (WHATWG URL §5): `&`-separated `name=value`, `+` for space, percent-escapes.
enum FormURLEncoded {
    static func parse(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(String(kv[0])) else { return nil }
            return (name, kv.count > 1 ? decode(String(kv[1])) ?? "" : "")
        }
    }

    static func decode(_ s: String) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

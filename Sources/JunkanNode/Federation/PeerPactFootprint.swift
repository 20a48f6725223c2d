import Foundation
public import JunkanCore

/// A peer's PACT v3 footprint of a lot, as the boundary factor of a walk that cannot go further into that peer (issue 27,
/// item 4): with the PACT client credentials the peer issued this node (`junkan peer pact`), a token from its
/// `/auth/token` (OAuth 2.0 client credentials) and its footprints of the lot (`GET /3/footprints?productId=<the lot's
/// EPC class URN>`). The first active one declared per kilogram gives kg CO2e per kg; it then stands in the graph as a
/// declaration of the lot, marked as the supplier's primary data.
public enum PeerPactFootprint {
    public struct Credentials: Sendable {
        public var clientID: String
        public var secret: String
        public init(clientID: String, secret: String) { self.clientID = clientID; self.secret = secret }
    }

    public struct Found: Sendable, Equatable {
        public var footprintID: String
        public var kgCO2ePerKg: Double
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case token(String)
        case list(String)
        public var description: String {
            switch self {
            case .token(let s): "its PACT token endpoint: \(s)"
            case .list(let s): "its PACT footprints: \(s)"
            }
        }
    }

    /// A bearer token for the peer's PACT API.
    static func token(
        peer: String, credentials: Credentials, post: FederatedTrace.Post, timeout: Double
    ) async throws -> String {
        let basic = Data((credentials.clientID + ":" + credentials.secret).utf8).base64EncodedString()
        let answer = try await post(
            peer + "/auth/token", Array("grant_type=client_credentials".utf8),
            ["Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic " + basic], timeout, 1 << 16)
        guard answer.status == 200, let token = (try? JSONParser.parse(answer.body))?.objectValue?["access_token"]?.stringValue else {
            throw Failure.token("HTTP \(answer.status)" + FederatedTrace.detail(answer.body))
        }
        return token
    }

    /// The lot's footprint the peer publishes, nil when it publishes none for it (per kilogram).
    static func footprint(
        peer: String, lotURN: String, token: String, get: FederatedTrace.Get, timeout: Double, maxBytes: Int
    ) async throws -> Found? {
        let url = peer + "/3/footprints?productId=" + PercentEncoding.encode(lotURN) + "&limit=10"
        let answer = try await get(url, ["Authorization": "Bearer " + token], timeout, maxBytes)
        guard answer.status == 200, let data = (try? JSONParser.parse(answer.body))?.objectValue?["data"]?.arrayValue else {
            throw Failure.list("HTTP \(answer.status)" + FederatedTrace.detail(answer.body))
        }
        for f in data {
            guard let o = f.objectValue, o["status"]?.stringValue == "Active", let id = o["id"]?.stringValue,
                let ids = o["productIds"]?.arrayValue, ids.contains(.string(lotURN)), let pcf = o["pcf"]?.objectValue,
                pcf["declaredUnitOfMeasurement"]?.stringValue == "kilogram",
                let amount = pcf["declaredUnitAmount"]?.stringValue.flatMap(PactDecimal.parse), amount > 0,
                let value = pcf["pcfExcludingBiogenicUptake"]?.stringValue.flatMap(PactDecimal.parse), value >= 0
            else { continue }
            return Found(footprintID: id, kgCO2ePerKg: value / amount)
        }
        return nil
    }
}

import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// Trades (docs/ouranos.md): the Ouranos form of "the downstream company links the upstream company's part". A
/// downstream operator asks an upstream operator of this node for the CFP of the part behind one of its own
/// (`tradeRequest`); the upstream answers by naming its part (`tradeResponse`), or rejects; the downstream may cancel
/// (`status`). Once answered, the upstream part's CFP is given with the downstream part's (`…Response` types) as the
/// upstream organisation's release policy allows.
extension OuranosController {
    static func tradeJSON(_ t: OuranosTrade) -> JSONValue {
        .object(
            JSONObject([
                ("tradeId", .string(t.tradeID)), ("downstreamOperatorId", .string(OuranosIDs.operatorID(t.downstreamOrganisationID))),
                ("downstreamTraceId", .string(t.downstreamTraceID)), ("upstreamOperatorId", .string(OuranosIDs.operatorID(t.upstreamOrganisationID))),
                ("upstreamTraceId", t.upstreamTraceID.map { .string($0) } ?? .null)
            ]))
    }

    static func statusJSON(_ t: OuranosTrade) -> JSONValue {
        let completed = t.cfpResponseStatus == "COMPLETED"
        let modified = JSONValue.string(ISO8601Timestamp.utcString(epochMilliseconds: t.modifiedAt))
        return .object(
            JSONObject([
                ("statusId", .string(t.statusID)), ("tradeId", .string(t.tradeID)), ("requestType", .string("CFP")),
                ("message", t.message.map { .string($0) } ?? .null), ("replyMessage", t.replyMessage.map { .string($0) } ?? .null),
                ("responseDueDate", t.responseDueDate.map { .string($0) } ?? .null),
                (
                    "requestStatus",
                    .object(
                        JSONObject([
                            ("cfpResponseStatus", .string(t.cfpResponseStatus)), ("tradeTreeStatus", .string(t.tradeTreeStatus)),
                            ("completedCount", .number(JSONNumber(completed ? 1 : 0))), ("completedCountModifiedAt", modified),
                            ("tradesCount", .number(JSONNumber(1))),
                            ("tradesCountModifiedAt", .string(ISO8601Timestamp.utcString(epochMilliseconds: t.createdAt)))
                        ]))
                )
            ]))
    }

    /// The operator's own part (a captured lot or one it wrote) with this trace ID, as a `PartsModel`.
    func ownPartJSON(_ traceID: String, of org: String, in v: OuranosView) async throws -> JSONValue? {
        if let w = try await writtenPart(traceID, of: org) { return try? JSONParser.parse(w.model) }
        return v.part(traceID: traceID, of: org).map { v.partJSON($0) }
    }

    /// Newest first, after the trade `after`, at most `limit`.
    static func page(_ trades: [OuranosTrade], _ request: Request) throws -> [OuranosTrade] {
        let q = request.uri.queryParameters
        var list = trades
        if let after = try q.get("after").map({ try uuid($0, "after") }) {
            guard let i = list.firstIndex(where: { $0.tradeID == after || $0.statusID == after }) else {
                throw OuranosError.badRequest("after names nothing of this list")
            }
            list = Array(list[(i + 1)...])
        }
        if let l = q.get("limit") {
            guard let n = Int(l), (1...100).contains(n) else { throw OuranosError.badRequest("limit must be a whole number from 1 to 100") }
            list = Array(list.prefix(n))
        }
        return list
    }

    func getTradeRequests(_ request: Request, _ org: String) async throws -> Response {
        try request.onlyQueryParameters(["dataTarget", "limit", "after", "traceIds"])
        var trades = try await store.ouranosTrades(organisationID: org, downstream: true)
        if let ids = request.uri.queryParameters.get("traceIds") {
            let wanted = Set(try Self.traceIDs(ids, max: 50))
            trades = trades.filter { wanted.contains($0.downstreamTraceID) }
            return .json(.array(trades.map(Self.tradeJSON)))
        }
        return .json(.array(try Self.page(trades, request).map(Self.tradeJSON)))
    }

    func getTradeResponses(_ request: Request, _ org: String) async throws -> Response {
        try request.onlyQueryParameters(["dataTarget", "limit", "after"])
        let v = try await view()
        var out: [JSONValue] = []
        for t in try Self.page(try await store.ouranosTrades(organisationID: org, downstream: false), request) {
            let part = try await ownPartJSON(t.downstreamTraceID, of: t.downstreamOrganisationID, in: v) ?? .null
            out.append(.object(JSONObject([("statusModel", Self.statusJSON(t)), ("tradeModel", Self.tradeJSON(t)), ("partsModel", part)])))
        }
        return .json(.array(out))
    }

    func getStatuses(_ request: Request, _ org: String) async throws -> Response {
        try request.onlyQueryParameters(["dataTarget", "limit", "after", "statusTarget", "statusId", "traceId"])
        let q = request.uri.queryParameters
        var trades: [OuranosTrade]
        switch q.get("statusTarget") {
        case "REQUEST"?: trades = try await store.ouranosTrades(organisationID: org, downstream: true)
        case "RESPONSE"?: trades = try await store.ouranosTrades(organisationID: org, downstream: false)
        case nil:
            trades =
                try await store.ouranosTrades(organisationID: org, downstream: true) + store.ouranosTrades(organisationID: org, downstream: false)
            trades.sort { ($0.createdAt, $1.tradeID) > ($1.createdAt, $0.tradeID) }
        default: throw OuranosError.badRequest("statusTarget is REQUEST or RESPONSE")
        }
        if let id = try q.get("statusId").map({ try Self.uuid($0, "statusId") }) { trades = trades.filter { $0.statusID == id } }
        if let trace = try q.get("traceId").map({ try Self.uuid($0, "traceId") }) { trades = trades.filter { $0.downstreamTraceID == trace } }
        return .json(.array(try Self.page(trades, request).map(Self.statusJSON)))
    }

    func putTradeRequest(_ value: JSONValue, _ org: String) async throws -> JSONValue {
        guard let o = value.objectValue, let trade = o["tradeModel"]?.objectValue, let status = o["statusModel"]?.objectValue else {
            throw OuranosError.badRequest("the body is a TradeRequestModel: tradeModel and statusModel are required objects")
        }
        guard trade["downstreamOperatorId"]?.stringValue?.lowercased() == OuranosIDs.operatorID(org) else {
            throw OuranosError.forbidden("downstreamOperatorId must be the logged-in operator's, \(OuranosIDs.operatorID(org))")
        }
        guard trade["tradeId"] == nil || trade["tradeId"] == .null, trade["upstreamTraceId"] == nil || trade["upstreamTraceId"] == .null,
            status["tradeId"] == nil || status["tradeId"] == .null, status["statusId"] == nil || status["statusId"] == .null
        else { throw OuranosError.badRequest("a new trade has tradeId, statusId and upstreamTraceId null (the upstream answers its trace)") }
        let downstreamTrace = try Self.uuid(trade["downstreamTraceId"]?.stringValue, "tradeModel.downstreamTraceId")
        let upstreamOperator = try Self.uuid(trade["upstreamOperatorId"]?.stringValue, "tradeModel.upstreamOperatorId")
        let v = try await view()
        guard try await ownPartJSON(downstreamTrace, of: org, in: v) != nil else {
            throw OuranosError.notFound("no part of this operator with traceId \(downstreamTrace)")
        }
        guard let upstream = v.organisations.keys.first(where: { OuranosIDs.operatorID($0) == upstreamOperator }), upstream != org else {
            throw OuranosError.notFound("no other operator \(upstreamOperator) on this platform")
        }
        guard status["requestType"]?.stringValue == "CFP" else { throw OuranosError.badRequest("statusModel.requestType is CFP") }
        let message = try Self.optionalText(status["message"], "statusModel.message", max: 1000)
        guard let due = status["responseDueDate"]?.stringValue, Self.isDate(due) else {
            throw OuranosError.badRequest("statusModel.responseDueDate is required when a trade is requested: a date (YYYY-MM-DD)")
        }
        let now = gate.now()
        let t = OuranosTrade(
            tradeID: UUID().uuidString.lowercased(), statusID: UUID().uuidString.lowercased(), downstreamOrganisationID: org,
            downstreamTraceID: downstreamTrace, upstreamOrganisationID: upstream, message: message, responseDueDate: due, createdAt: now,
            modifiedAt: now)
        try await store.insertOuranosTrade(t)
        return .object(JSONObject([("tradeModel", Self.tradeJSON(t)), ("statusModel", Self.statusJSON(t))]))
    }

    func putTradeResponse(_ request: Request, _ org: String) async throws -> JSONValue {
        let q = request.uri.queryParameters
        let tradeID = try Self.uuid(q.get("tradeId"), "tradeId")
        let traceID = try Self.uuid(q.get("traceId"), "traceId")
        guard var t = try await store.ouranosTrade(id: tradeID), t.upstreamOrganisationID == org else {
            throw OuranosError.notFound("no trade \(tradeID) asking this operator")
        }
        guard t.cfpResponseStatus != "CANCEL" else { throw OuranosError.badRequest("the downstream operator cancelled trade \(tradeID)") }
        guard try await ownPartJSON(traceID, of: org, in: try await view()) != nil else {
            throw OuranosError.notFound("no part of this operator with traceId \(traceID)")
        }
        t.upstreamTraceID = traceID
        t.cfpResponseStatus = "COMPLETED"
        t.tradeTreeStatus = "TERMINATED"
        t.modifiedAt = gate.now()
        try await store.updateOuranosTrade(t)
        return Self.tradeJSON(t)
    }

    /// Cancels (the downstream operator) or rejects (the upstream, with why) a trade's request.
    func putStatus(_ value: JSONValue, _ org: String) async throws -> JSONValue {
        guard let o = value.objectValue else { throw OuranosError.badRequest("the body is a StatusModel object") }
        let statusID = try Self.uuid(o["statusId"]?.stringValue, "statusId")
        guard let tradeID = o["tradeId"]?.stringValue.map({ $0.lowercased() }), var t = try await store.ouranosTrade(id: tradeID),
            t.statusID == statusID
        else { throw OuranosError.notFound("no status \(statusID) of trade \(o["tradeId"]?.stringValue ?? "")") }
        guard let requested = o["requestStatus"]?.objectValue?["cfpResponseStatus"]?.stringValue,
            o["requestStatus"]?.objectValue?["tradeTreeStatus"]?.stringValue != nil
        else { throw OuranosError.badRequest("requestStatus.cfpResponseStatus and requestStatus.tradeTreeStatus are required") }
        switch requested {
        case "CANCEL":
            guard t.downstreamOrganisationID == org else { throw OuranosError.forbidden("only the downstream operator cancels its request") }
            t.replyMessage = nil
        case "REJECT":
            guard t.upstreamOrganisationID == org else { throw OuranosError.forbidden("only the upstream operator rejects a request") }
            t.replyMessage = try Self.optionalText(o["replyMessage"], "replyMessage", max: 1000)
        default: throw OuranosError.badRequest("cfpResponseStatus is CANCEL or REJECT here (an answer is a tradeResponse)")
        }
        t.cfpResponseStatus = requested
        t.modifiedAt = gate.now()
        try await store.updateOuranosTrade(t)
        return Self.statusJSON(t)
    }

    /// The upstream CFPs answered for a downstream part: `preProductionResponse` and `mainProductionResponse`, the
    /// upstream part's pre-processing and main-production totals, null where the upstream's release policy does not
    /// release them to the downstream operator (the API's "川上がCFP情報開示を拒否している場合").
    func responses(for traceID: String, of org: String, in v: OuranosView) async throws -> [JSONValue] {
        var out: [JSONValue] = []
        for t in try await store.ouranosTrades(organisationID: org, downstream: true)
        where t.downstreamTraceID == traceID && t.cfpResponseStatus == "COMPLETED" {
            guard let upstreamTrace = t.upstreamTraceID else { continue }
            var values: [String: Double] = [:]
            if try await writtenPart(upstreamTrace, of: t.upstreamOrganisationID) != nil {
                for c in try await store.ouranosCFPs(traceID: upstreamTrace).flatMap({ try? JSONParser.parse($0).arrayValue }) ?? [] {
                    if let type = c.objectValue?["cfpType"]?.stringValue, let x = c.objectValue?["ghgEmission"]?.numberValue?.doubleValue { values[type] = x }
                }
            } else if let p = v.part(traceID: upstreamTrace, of: t.upstreamOrganisationID) {
                for (type, x) in v.cfp(p) ?? [] { values[type] = x }
            }
            let released = try await releases(from: t.upstreamOrganisationID, to: org)
            for (type, parts) in [("preProductionResponse", ["preProduction", "preComponent"]), ("mainProductionResponse", ["mainProduction", "mainComponent"])]
            {
                let sum = parts.compactMap { values[$0] }.reduce(0, +)
                let stage = type.hasPrefix("pre") ? "preProcessingResponse" : "mainProcessingResponse"
                out.append(
                    .object(
                        JSONObject([
                            ("cfpId", .string(OuranosIDs.uuid("cfp-response", t.tradeID))), ("traceId", .string(traceID)), ("cfpType", .string(type)),
                            ("ghgEmission", released ? .number(JSONNumber((sum * 100_000).rounded(.up) / 100_000)) : .null),
                            ("ghgDeclaredUnit", .string("kgCO2e/kilogram")), ("dqrType", .string(stage)),
                            ("dqrValue", .object(JSONObject([("TeR", .null), ("GeR", .null), ("TiR", .null)])))
                        ])))
            }
        }
        return out
    }

    /// Whether the upstream organisation's release policy (written, or named) lets the downstream organisation have its
    /// CFP: the downstream is known by its organisation DID, counts as a partner on this platform, and — the upstream
    /// having named its part in answer — as a receiver.
    func releases(from upstream: String, to downstream: String) async throws -> Bool {
        var policy = (try await store.releasePolicies()[upstream] ?? .default).odrl
        for r in try await store.datasetPolicies() where r.organisationID == upstream && r.role == .release {
            if let json = try? JSONParser.parse(r.policy), let p = try? ODRLPolicy(parsing: json) { policy = p }
        }
        let context = ODRLContext(
            requester: [DIDWeb.organisation(baseURL: baseURL, id: downstream)], groups: [ReleasePolicy.peersGroup], now: gate.now(), receiver: true)
        return policy.evaluate(context) == .permitted
    }

    static func optionalText(_ v: JSONValue?, _ name: String, max: Int) throws -> String? {
        switch v {
        case nil, .null?: return nil
        case .string(let s)? where s.count <= max: return s
        default: throw OuranosError.badRequest("\(name) is a string of at most \(max) characters, or null")
        }
    }

    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), (1...31).contains(d), y > 0
        else { return false }
        return ISO8601Timestamp.parse(s + "T00:00:00Z") != nil
    }
}

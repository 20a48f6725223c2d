import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import NIOCore

/// The Ouranos data-transaction API v3.0.0 for this node's organisations (issue 28, item 5; docs/ouranos.md):
/// `/api/v1/authInfo?dataTarget=operator|plant` (GET, PUT) and `/api/v1/datatransport?dataTarget=parts|partsStructure|
/// cfp|cfpCertification|tradeRequest|tradeResponse|status` (GET, PUT; DELETE of parts), answered from Junkan's model as
/// `OuranosView` maps it, with what operators wrote (`+Writes`) and their trades (`+Trades`). An operator reads its own
/// parts, structures and CFPs, and the CFPs its trades were answered with.
struct OuranosController<Context: RequestContext> {
    let gate: OuranosGate
    let store: any NodeStore
    let trace: TraceIndex
    let baseURL: String

    static var maxBody: Int { 64 << 10 }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/authInfo") { request, _ in
            try await OuranosError.answering(request) {
                // A parameter no data target takes is refused first (what each takes is public, in openapi.yaml).
                try request.onlyQueryParameters(["dataTarget", "openOperatorId", "operatorIds"])
                let org = try await gate.organisation(request)
                switch request.uri.queryParameters.get("dataTarget") {
                case "operator": return try await getOperator(request, org)
                case "plant":
                    try request.onlyQueryParameters(["dataTarget"])
                    return .json(.array(try await view().plantsJSON(org)))
                default: throw OuranosError.badRequest("dataTarget must be operator or plant")
                }
            }
        }
        routes.put("/authInfo") { request, _ in
            try await OuranosError.answering(request) {
                try request.onlyQueryParameters(["dataTarget"])
                let org = try await gate.organisation(request)
                switch request.uri.queryParameters.get("dataTarget") {
                case "operator": return try await putOperator(request, org)
                case "plant": return try await putPlant(request, org)
                default: throw OuranosError.badRequest("dataTarget must be operator or plant")
                }
            }
        }
        routes.get("/datatransport") { request, _ in
            try await OuranosError.answering(request) {
                try request.onlyQueryParameters([
                    "dataTarget", "limit", "after", "traceId", "traceIds", "partsName", "plantId", "parentFlag", "statusTarget", "statusId"
                ])
                let org = try await gate.organisation(request)
                switch request.uri.queryParameters.get("dataTarget") {
                case "parts": return try await parts(request, org)
                case "partsStructure":
                    try request.onlyQueryParameters(["dataTarget", "traceId"])
                    let id = try Self.uuid(request.uri.queryParameters.get("traceId"), "traceId")
                    if let written = try await writtenPart(id, of: org) { return .json(try await writtenStructure(written)) }
                    let v = try await view()
                    return .json(v.structureJSON(try Self.ownPart(id, of: org, in: v)))
                case "cfp":
                    try request.onlyQueryParameters(["dataTarget", "traceIds"])
                    let ids = try Self.traceIDs(request.uri.queryParameters.get("traceIds"), max: 50)
                    let v = try await view()
                    var out: [JSONValue] = []
                    for id in ids {
                        if try await writtenPart(id, of: org) != nil {
                            out += try await store.ouranosCFPs(traceID: id).flatMap { try? JSONParser.parse($0).arrayValue } ?? []
                        } else {
                            out += v.cfpJSON(try Self.ownPart(id, of: org, in: v))
                        }
                        out += try await responses(for: id, of: org, in: v)
                    }
                    return .json(.array(out))
                case "cfpCertification":
                    // Certificates are files Junkan does not hold: a part of this operator has none.
                    try request.onlyQueryParameters(["dataTarget", "traceId"])
                    let id = try Self.uuid(request.uri.queryParameters.get("traceId"), "traceId")
                    if try await writtenPart(id, of: org) == nil { _ = try Self.ownPart(id, of: org, in: try await view()) }
                    return .json(.array([]))
                case "tradeRequest": return try await getTradeRequests(request, org)
                case "tradeResponse": return try await getTradeResponses(request, org)
                case "status": return try await getStatuses(request, org)
                default: throw OuranosError.badRequest("dataTarget must be parts, partsStructure, cfp, cfpCertification, tradeRequest, tradeResponse or status")
                }
            }
        }
        routes.put("/datatransport") { request, _ in
            try await OuranosError.answering(request) {
                try request.onlyQueryParameters(["dataTarget", "tradeId", "traceId"])
                let org = try await gate.organisation(request)
                let target = request.uri.queryParameters.get("dataTarget")
                if target != "tradeResponse" { try request.onlyQueryParameters(["dataTarget"]) }
                switch target {
                case "parts": return .json(.object(try await putPart(try Self.body(request), org)), status: .created)
                case "partsStructure": return .json(try await putStructure(try Self.body(request), org), status: .created)
                case "cfp": return .json(try await putCFPs(try Self.body(request), org), status: .created)
                case "tradeRequest": return .json(try await putTradeRequest(try Self.body(request), org), status: .created)
                case "tradeResponse": return .json(try await putTradeResponse(request, org), status: .created)
                case "status": return .json(try await putStatus(try Self.body(request), org), status: .created)
                default: throw OuranosError.badRequest("dataTarget must be parts, partsStructure, cfp, tradeRequest, tradeResponse or status")
                }
            }
        }
        routes.delete("/datatransport") { request, _ in
            try await OuranosError.answering(request) {
                try request.onlyQueryParameters(["dataTarget", "traceId"])
                let org = try await gate.organisation(request)
                guard request.uri.queryParameters.get("dataTarget") == "parts" else { throw OuranosError.badRequest("dataTarget must be parts") }
                let id = try Self.uuid(request.uri.queryParameters.get("traceId"), "traceId")
                guard try await store.deleteOuranosPart(traceID: id, organisationID: org) else {
                    if try await view().part(traceID: id, of: org) != nil {
                        throw OuranosError.badRequest("\(id) is a lot of captured events: the record keeps it (docs/ouranos.md)")
                    }
                    throw OuranosError.notFound("no part of this operator with traceId \(id)")
                }
                return Response(status: .noContent)
            }
        }
        return routes
    }

    func view() async throws -> OuranosView {
        async let graph = trace.snapshot()
        async let ownership = store.identifierOwnership()
        async let organisations = store.organisations()
        async let accounts = store.ouranosAccounts()
        var plants: [OuranosPlant] = []
        for o in try await organisations { plants += try await store.ouranosPlants(organisationID: o.id) }
        return OuranosView(
            graph: try await graph, ownership: try await ownership, organisations: try await organisations, accounts: try await accounts,
            plants: plants, baseURL: baseURL)
    }

    static func uuid(_ text: String?, _ name: String) throws -> String {
        guard let t = text?.lowercased(), UUID(uuidString: t) != nil else { throw OuranosError.badRequest("\(name) must be a UUID") }
        return t
    }

    static func traceIDs(_ text: String?, max: Int) throws -> [String] {
        let ids = try (text ?? "").split(separator: ",", omittingEmptySubsequences: false).map { try uuid(String($0), "each of traceIds") }
        guard !ids.isEmpty, ids.count <= max else { throw OuranosError.badRequest("traceIds takes 1 to \(max) UUIDs, comma-separated") }
        return ids
    }

    /// A part of this operator by its trace ID: another operator's, or none, is a 404.
    static func ownPart(_ traceID: String?, of org: String, in v: OuranosView) throws -> OuranosView.Part {
        let id = try uuid(traceID, "traceId")
        guard let p = v.part(traceID: id, of: org) else { throw OuranosError.notFound("no part of this operator with traceId \(id)") }
        return p
    }

    static func text(_ value: JSONValue?, _ name: String, max: Int) throws -> String {
        guard let s = value?.stringValue, !s.isEmpty, s.count <= max else {
            throw OuranosError.badRequest("\(name) must be a string of 1 to \(max) characters")
        }
        return s
    }

    static func body(_ request: Request) async throws -> JSONValue {
        guard request.mediaType == "application/json" else { throw OuranosError.badRequest("send the body as application/json") }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBody) } catch { throw OuranosError.badRequest("the body may be at most \(maxBody) bytes") }
        do { return try JSONParser.parse(Array(buffer.readableBytesView)) } catch { throw OuranosError.badRequest("the body is not JSON: \(error)") }
    }

    static func object(_ request: Request) async throws -> JSONObject {
        guard let o = try await body(request).objectValue else { throw OuranosError.badRequest("the body must be a JSON object") }
        return o
    }
}

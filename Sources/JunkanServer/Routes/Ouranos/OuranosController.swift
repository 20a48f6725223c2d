import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import NIOCore

/// The Ouranos data-transaction API v3.0.0 for this node's organisations (issue 28, item 5; docs/ouranos.md):
/// `/api/v1/authInfo?dataTarget=operator|plant` (GET, PUT) and `/api/v1/datatransport?dataTarget=parts|partsStructure|
/// cfp|cfpCertification` (GET), each answered from Junkan's model as `OuranosView` maps it. An operator reads its own
/// parts, structures and CFPs. The data targets of trades (`tradeRequest`, `tradeResponse`, `status`) and the writes of
/// parts, structures and CFPs are not built yet: refused with a 400 that says so.
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
                try request.onlyQueryParameters(["dataTarget", "limit", "after", "traceId", "traceIds", "partsName", "plantId", "parentFlag"])
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
                    }
                    return .json(.array(out))
                case "cfpCertification":
                    // Certificates are files Junkan does not hold: a part of this operator has none.
                    try request.onlyQueryParameters(["dataTarget", "traceId"])
                    let id = try Self.uuid(request.uri.queryParameters.get("traceId"), "traceId")
                    if try await writtenPart(id, of: org) == nil { _ = try Self.ownPart(id, of: org, in: try await view()) }
                    return .json(.array([]))
                case "tradeRequest", "tradeResponse", "status":
                    throw OuranosError.badRequest(
                        "dataTarget \(request.uri.queryParameters.get("dataTarget")!) is not offered by this node yet (docs/ouranos.md)")
                default: throw OuranosError.badRequest("dataTarget must be parts, partsStructure, cfp, cfpCertification, tradeRequest, tradeResponse or status")
                }
            }
        }
        routes.put("/datatransport") { request, _ in
            try await OuranosError.answering(request) {
                try request.onlyQueryParameters(["dataTarget"])
                let org = try await gate.organisation(request)
                switch request.uri.queryParameters.get("dataTarget") {
                case "parts": return .json(.object(try await putPart(try Self.body(request), org)), status: .created)
                case "partsStructure": return .json(try await putStructure(try Self.body(request), org), status: .created)
                case "cfp": return .json(try await putCFPs(try Self.body(request), org), status: .created)
                case "tradeRequest", "tradeResponse", "status":
                    throw OuranosError.badRequest(
                        "dataTarget \(request.uri.queryParameters.get("dataTarget")!) is not offered by this node yet (docs/ouranos.md)")
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

    func getOperator(_ request: Request, _ org: String) async throws -> Response {
        try request.onlyQueryParameters(["dataTarget", "openOperatorId", "operatorIds"])
        let v = try await view()
        let q = request.uri.queryParameters
        if let list = q.get("operatorIds") {
            let ids = try list.split(separator: ",", omittingEmptySubsequences: false).map { try Self.uuid(String($0), "each of operatorIds") }
            guard !ids.isEmpty, ids.count <= 100 else { throw OuranosError.badRequest("operatorIds takes 1 to 100 UUIDs, comma-separated") }
            let wanted = Set(ids)
            return .json(.array(v.organisations.keys.sorted().filter { wanted.contains(OuranosIDs.operatorID($0)) }.compactMap(v.operatorJSON)))
        }
        if let open = q.get("openOperatorId") {
            guard !open.isEmpty, open.count <= 20 else { throw OuranosError.badRequest("openOperatorId is 1 to 20 characters") }
            guard let account = v.accounts.values.first(where: { $0.openOperatorID == open }), let o = v.operatorJSON(account.organisationID) else {
                throw OuranosError.notFound("no operator with openOperatorId \(open)")
            }
            return .json(o)
        }
        guard let o = v.operatorJSON(org) else { throw OuranosError.notFound("no operator") }
        return .json(o)
    }

    func putOperator(_ request: Request, _ org: String) async throws -> Response {
        let o = try await Self.object(request)
        guard let account = try await store.ouranosAccount(organisationID: org), let organisation = try await store.organisation(id: org) else {
            throw OuranosError.notFound("this organisation has no Ouranos account")
        }
        guard o["operatorId"]?.stringValue?.lowercased() == OuranosIDs.operatorID(org) else {
            throw OuranosError.forbidden("operatorId must be the logged-in operator's, \(OuranosIDs.operatorID(org))")
        }
        guard o["openOperatorId"]?.stringValue == account.openOperatorID else {
            throw OuranosError.badRequest("openOperatorId cannot be changed (it is \(account.openOperatorID))")
        }
        guard o["operatorName"]?.stringValue == organisation.name else {
            throw OuranosError.badRequest("operatorName is the organisation's name in Junkan (\(organisation.name)); it cannot be changed here")
        }
        let address = try Self.text(o["operatorAddress"], "operatorAddress", max: 256)
        var updated = account
        updated.address = address
        if let attribute = o["operatorAttribute"] {
            guard let a = attribute.objectValue else { throw OuranosError.badRequest("operatorAttribute must be an object") }
            switch a["globalOperatorId"] {
            case nil, .null?: updated.globalOperatorID = nil
            case .string(let g)?:
                guard g.count <= 256 else { throw OuranosError.badRequest("globalOperatorId is at most 256 characters") }
                if try await store.ouranosAccounts().contains(where: { $0.organisationID != org && $0.globalOperatorID == g }) {
                    throw OuranosError.badRequest("globalOperatorId \(g) is another operator's")
                }
                updated.globalOperatorID = g
            default: throw OuranosError.badRequest("globalOperatorId must be a string or null")
            }
        }
        try await store.putOuranosAccount(updated)
        return .json(try await view().operatorJSON(org) ?? .null, status: .created)
    }

    func putPlant(_ request: Request, _ org: String) async throws -> Response {
        let o = try await Self.object(request)
        guard o["operatorId"]?.stringValue?.lowercased() == OuranosIDs.operatorID(org) else {
            throw OuranosError.forbidden("operatorId must be the logged-in operator's, \(OuranosIDs.operatorID(org))")
        }
        guard let gln = o["openPlantId"]?.stringValue, gln.utf8.count == 13, gln.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let link = try? GS1Identifier.digitalLink(from: "https://id.gs1.org/414/" + gln)
        else { throw OuranosError.badRequest("openPlantId must be the plant's GLN (13 digits, its check digit right)") }
        guard try await store.identifierOwnership().owner(of: link)?.organisationID == org else {
            throw OuranosError.forbidden("GLN \(gln) is not under a GS1 Company Prefix of this operator")
        }
        if let given = o["plantId"], given != .null, given.stringValue?.lowercased() != OuranosIDs.plantID(gln) {
            throw OuranosError.badRequest("plantId of GLN \(gln) is \(OuranosIDs.plantID(gln)); it cannot be changed")
        }
        try await store.putOuranosPlant(
            OuranosPlant(
                gln: gln, organisationID: org, name: try Self.text(o["plantName"], "plantName", max: 256),
                address: try Self.text(o["plantAddress"], "plantAddress", max: 256)))
        let plant = try await view().plantsJSON(org).first { $0.objectValue?["openPlantId"]?.stringValue == gln } ?? .null
        return .json(plant, status: .created)
    }

    func parts(_ request: Request, _ org: String) async throws -> Response {
        try request.onlyQueryParameters(["dataTarget", "limit", "after", "traceId", "partsName", "plantId", "parentFlag"])
        let q = request.uri.queryParameters
        let limit: Int
        if let l = q.get("limit") {
            guard let n = Int(l), (1...100).contains(n) else { throw OuranosError.badRequest("limit must be a whole number from 1 to 100") }
            limit = n
        } else {
            limit = 100
        }
        if let name = q.get("partsName"), name.isEmpty || name.count > 50 { throw OuranosError.badRequest("partsName is 1 to 50 characters") }
        let after = try q.get("after").map { try Self.uuid($0, "after") }
        let traceID = try q.get("traceId").map { try Self.uuid($0, "traceId") }
        let plantID = try q.get("plantId").map { try Self.uuid($0, "plantId") }
        let parentFlag: Bool?
        switch q.get("parentFlag") {
        case nil: parentFlag = nil
        case "true": parentFlag = true
        case "false": parentFlag = false
        default: throw OuranosError.badRequest("parentFlag must be true or false")
        }
        let v = try await view()
        // The parts of its captured lots, and those it wrote, in one list sorted as the API sorts.
        var all = v.parts(of: org).compactMap { v.partJSON($0).objectValue }
        for w in try await store.ouranosStoredParts(organisationID: org) { if let o = (try? JSONParser.parse(w.model))?.objectValue { all.append(o) } }
        func key(_ o: JSONObject) -> (String, String, String) {
            (o["partsName"]?.stringValue ?? "", o["supportPartsName"]?.stringValue ?? "", o["traceId"]?.stringValue ?? "")
        }
        all.sort { key($0) < key($1) }
        var list = all.filter { o in
            (traceID == nil || o["traceId"]?.stringValue == traceID) && (q.get("partsName") == nil || o["partsName"]?.stringValue == q.get("partsName"))
                && (plantID == nil || o["plantId"]?.stringValue == plantID) && (parentFlag != true || o["terminatedFlag"] == .bool(false))
        }
        if let after {
            guard let i = list.firstIndex(where: { $0["traceId"]?.stringValue == after }) else {
                throw OuranosError.badRequest("after names no part of this list")
            }
            list = Array(list[(i + 1)...])
        }
        var response = Response.json(.array(list.prefix(limit).map { .object($0) }))
        if list.count > limit, let last = list.prefix(limit).last?["traceId"]?.stringValue {
            var kept = [("dataTarget", "parts"), ("limit", String(limit)), ("after", last)]
            for name in ["traceId", "partsName", "plantId", "parentFlag"] { if let value = q.get(name) { kept.append((name, value)) } }
            let query = kept.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
            response.headers[HTTPField.Name("link")!] = "<\(baseURL)/api/v1/datatransport?\(query)>; rel=\"next\""
        }
        return response
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

import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// `datatransport?dataTarget=parts`: the operator's parts (its captured lots and the parts it wrote), sorted by part
/// number then lot as the API sorts them, filtered, and paged by `limit` and `after` with a `Link: rel="next"`.
extension OuranosController {
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
}

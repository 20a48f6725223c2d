import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// `GET /masterData?id=…[&type=…]`: the EPCIS master data this node keeps of one identifier (a site's name, address
/// and sub-locations; an EPC class's attributes), as every organisation declared it in its capture documents' headers
/// (docs/master-data.md). What the Digital Link resolver's `gs1:masterData` links to. As public as the events that
/// name the identifier (`GET /events`).
struct MasterDataController<Context: RequestContext> {
    let store: any MasterDataStore

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/masterData") { request, _ in try await self.get(request) }
        return routes
    }

    func get(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["id", "type"])
        guard let raw = request.uri.queryParameters["id"].map(String.init), !raw.isEmpty else {
            throw Problem.queryParameter("id is required: the identifier (an EPC URI or a GS1 Digital Link) whose master data to read")
        }
        try IdentifierParameter.check("id", raw)
        let type = request.uri.queryParameters["type"].map(String.init)
        if let type, !Self.isAbsoluteURI(type) {
            throw Problem.queryParameter("type must be a vocabulary type URI, e.g. \(VocabularyType.businessLocation); found \"\(type)\"")
        }
        let id = CBVCanonical.identifier(raw)
        let found = try await store.masterData(ids: [id]).filter { type == nil || $0.element.type == type }
        guard !found.isEmpty else { throw Problem.noSuchResource("no master data of \(raw)" + (type.map { " in vocabulary \($0)" } ?? "")) }
        return Response(
            status: .ok, headers: [.contentType: "application/ld+json"],
            body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(Self.document(id: id, found)))))
    }

    /// The `epcisMasterData` of the JSON binding, one vocabulary per type; each declaration an element, with who
    /// declared it and when (`declaredBy`, `declaredAt`: several organisations may declare the same identifier).
    static func document(id: String, _ found: [StoredVocabularyElement]) -> JSONValue {
        var types: [String] = []
        var byType: [String: [JSONValue]] = [:]
        for s in found {
            if byType[s.element.type] == nil { types.append(s.element.type) }
            guard case .object(var o) = s.element.json else { continue }
            o["declaredBy"] = .string(s.organisationID)
            o["declaredAt"] = .string(Passport.isoTime(s.updatedAt))
            byType[s.element.type, default: []].append(.object(o))
        }
        let list = types.map { t in JSONValue.object(JSONObject([("type", .string(t)), ("vocabularyElementList", .array(byType[t] ?? []))])) }
        return .object(
            JSONObject([
                ("@context", EPCISQueryDocument.context), ("id", .string(id)), ("epcisMasterData", .object(JSONObject([("vocabularyList", .array(list))])))
            ]))
    }

    /// `scheme:rest`, the scheme a letter then letters, digits, `+`, `.` or `-`, the rest non-empty and without spaces
    /// (openapi.yaml's pattern for `type`).
    static func isAbsoluteURI(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), let first = s.first, first.isASCII, first.isLetter else { return false }
        let scheme = s[..<colon], rest = s[s.index(after: colon)...]
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) } && !rest.isEmpty
            && !rest.contains(where: \.isWhitespace)
    }
}

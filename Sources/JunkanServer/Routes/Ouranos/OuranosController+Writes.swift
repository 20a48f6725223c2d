import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// What an operator writes through the Ouranos API (docs/ouranos.md): parts, a parent's structure and a part's CFPs
/// (as another platform's client would, `junkan ouranos push`). Kept as written, each body checked against the
/// fixture's component schema first (`OuranosModels`); the parts of captured lots are not written here (their events
/// are their record).
extension OuranosController {
    /// The operator's written part with this trace ID.
    func writtenPart(_ traceID: String, of org: String) async throws -> OuranosStoredPart? {
        guard let p = try await store.ouranosStoredPart(traceID: traceID), p.organisationID == org else { return nil }
        return p
    }

    func writtenStructure(_ parent: OuranosStoredPart) async throws -> JSONValue {
        var children: [JSONValue] = []
        for id in try await store.ouranosStructure(parent: parent.traceID) {
            if let c = try await store.ouranosStoredPart(traceID: id), let json = try? JSONParser.parse(c.model) { children.append(json) }
        }
        return .object(JSONObject([("parentPartsModel", (try? JSONParser.parse(parent.model)) ?? .null), ("childrenPartsModel", .array(children))]))
    }

    /// Writes one part: a new one (no `traceId`) gets the trace ID of its operator, plant, part number and auxiliary
    /// item, as the API numbers them; an existing one keeps those four.
    func putPart(_ value: JSONValue, _ org: String, at path: String = "", plants known: [String]? = nil) async throws -> JSONObject {
        var part: JSONObject
        do { part = try OuranosModels.part(value, at: path) } catch let e as OuranosModels.Invalid { throw OuranosError.badRequest(e.description) }
        let operatorID = OuranosIDs.operatorID(org)
        guard part["operatorId"]?.stringValue == operatorID else { throw OuranosError.forbidden("operatorId must be the logged-in operator's, \(operatorID)") }
        let plant = part["plantId"]?.stringValue ?? ""
        var plants = known ?? []
        if known == nil { plants = try await plantIDs(org) }
        guard plants.contains(plant) else { throw OuranosError.badRequest("plantId \(plant) is not a plant of this operator (GET authInfo?dataTarget=plant)") }
        let name = (part["partsName"]?.stringValue ?? "") + "\n" + (part["supportPartsName"]?.stringValue ?? "")
        let numbered = OuranosIDs.uuid("written-trace", operatorID + "\n" + plant + "\n" + name)
        if let given = part["traceId"]?.stringValue {
            guard given == numbered, try await writtenPart(given, of: org) != nil else {
                if try await view().part(traceID: given, of: org) != nil {
                    throw OuranosError.badRequest("\(given) is a lot of captured events: its events write it (docs/ouranos.md)")
                }
                throw OuranosError.badRequest(
                    "traceId \(given) is not a part this operator wrote with this plantId, partsName and supportPartsName (they cannot change)")
            }
        }
        part["traceId"] = .string(numbered)
        try await store.putOuranosPart(OuranosStoredPart(traceID: numbered, organisationID: org, model: JSONWriter.string(.object(part))))
        return part
    }

    func plantIDs(_ org: String) async throws -> [String] {
        try await view().plantsJSON(org).compactMap { $0.objectValue?["plantId"]?.stringValue }
    }

    func putStructure(_ value: JSONValue, _ org: String) async throws -> JSONValue {
        guard let o = value.objectValue, let parent = o["parentPartsModel"], let list = o["childrenPartsModel"]?.arrayValue else {
            throw OuranosError.badRequest("the body is a PartsStructureModel: parentPartsModel and childrenPartsModel are required")
        }
        guard list.count <= 50 else { throw OuranosError.badRequest("childrenPartsModel has at most 50 parts") }
        // Every part is read before any is written: a bad child writes nothing.
        for (i, c) in list.enumerated() {
            do { _ = try OuranosModels.part(c, at: "childrenPartsModel[\(i)]") } catch let e as OuranosModels.Invalid {
                throw OuranosError.badRequest(e.description)
            }
        }
        let plants = try await plantIDs(org)
        let p = try await putPart(parent, org, at: "parentPartsModel", plants: plants)
        var children: [JSONObject] = []
        for (i, c) in list.enumerated() { children.append(try await putPart(c, org, at: "childrenPartsModel[\(i)]", plants: plants)) }
        try await store.setOuranosStructure(parent: p["traceId"]?.stringValue ?? "", children: children.compactMap { $0["traceId"]?.stringValue })
        return .object(JSONObject([("parentPartsModel", .object(p)), ("childrenPartsModel", .array(children.map { .object($0) }))]))
    }

    func putCFPs(_ value: JSONValue, _ org: String) async throws -> JSONValue {
        var models: [JSONObject]
        do { models = try OuranosModels.cfps(value) } catch let e as OuranosModels.Invalid { throw OuranosError.badRequest(e.description) }
        let traceID = models[0]["traceId"]?.stringValue ?? ""
        guard try await writtenPart(traceID, of: org) != nil else {
            if try await view().part(traceID: traceID, of: org) != nil {
                throw OuranosError.badRequest("\(traceID) is a lot of captured events: its CFP is computed from them (docs/ouranos.md)")
            }
            throw OuranosError.notFound("no part of this operator with traceId \(traceID)")
        }
        let cfpID = models[0]["cfpId"]?.stringValue ?? OuranosIDs.uuid("cfp", traceID)
        for i in models.indices { models[i]["cfpId"] = .string(cfpID) }
        let ordered = OuranosModels.baseCFPTypes.compactMap { t in models.first { $0["cfpType"]?.stringValue == t } }.map { JSONValue.object($0) }
        try await store.putOuranosCFPs(traceID: traceID, models: JSONWriter.string(.array(ordered)))
        return .array(ordered)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// `authInfo`: the operator (the logged-in one, or others by `openOperatorId` or `operatorIds`) and its plants; an
/// operator changes its own address and global ID, and names its plants by GLN (docs/ouranos.md).
extension OuranosController {
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
}

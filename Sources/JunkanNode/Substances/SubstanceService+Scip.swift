public import JunkanCore
import JunkanStore

extension SubstanceService {
    /// The candidate list a SCIP notification is checked against: `reach-svhc` in its latest version on the node.
    public static let candidateListID = "reach-svhc"

    /// The SCIP data of `id` on `day` (nil when nothing here names it): its check against the candidate list, with the
    /// product class of its GTIN when the GTIN's owner (or a grantee) registered it — no one else speaks for the maker.
    public func scip(_ id: String, on day: String) async throws -> ScipNotification? {
        guard let list = try await lists().lists[Self.candidateListID] else { return nil }
        guard let check = try await check(id, against: [list], on: day), let report = check.reports.first else { return nil }
        return ScipNotification.of(check.article, report: report, facts: try await makersProductClass(of: id)?.scipFacts)
    }

    /// The product class of `id`'s GTIN, as its maker registered it.
    func makersProductClass(of id: String) async throws -> ProductClass? {
        guard let gtin = ScipNotification.gtin(of: id), let record = try await store.product(gtin: gtin) else { return nil }
        let ownership = try await store.identifierOwnership()
        guard ownership.speaksForOwner(organisationID: record.owner, identifier: "https://id.gs1.org/01/" + gtin) else { return nil }
        return try? ProductClass.parse(try JSONParser.parse(record.json))
    }
}

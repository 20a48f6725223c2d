import Foundation
public import JunkanCore

/// The restricted-substance lists Junkan ships (`SubstanceLists/*.json`, each with the date and source it was taken
/// from), read once. An organisation's own lists and newer versions are loaded into the store beside them.
public enum SubstanceListCatalogue {
    /// The shipped lists' ids, in the order they are shown.
    public static let shippedIDs = ["eu-rohs", "reach-svhc", "eu-pops", "eu-batteries"]

    /// The shipped lists, by id; a list that cannot be read is a broken build, reported by `problems`.
    public static let shipped: [String: RestrictedSubstanceList] = load().lists
    public static let problems: [String] = load().problems

    private static func load() -> (lists: [String: RestrictedSubstanceList], problems: [String]) {
        var lists: [String: RestrictedSubstanceList] = [:]
        var problems: [String] = []
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("SubstanceLists") else {
            return ([:], ["junkan's substance lists are missing from its resources"])
        }
        for id in shippedIDs {
            let url = folder.appendingPathComponent(id + ".json")
            do {
                let list = try RestrictedSubstanceList.decode(try JSONParser.parse(try Data(contentsOf: url)))
                guard list.id == id else { throw MaterialError("/id", "the file \(id).json holds the list \(list.id)") }
                lists[id] = list
            } catch { problems.append("\(url.lastPathComponent): \(error)") }
        }
        return (lists, problems)
    }
}

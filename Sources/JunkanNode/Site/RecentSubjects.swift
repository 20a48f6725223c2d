import JunkanCore
import JunkanStore

/// The GS1 items and lots (a GTIN with a serial or a lot) that event records name, in the records' order, each once:
/// the home page's latest products and a dashboard's own lots.
enum RecentSubjects {
    struct Subject {
        var id: String
        var link: DigitalLink
        var record: EventRecord
    }

    static func of(_ records: [EventRecord], limit: Int, keep: (String, DigitalLink) -> Bool = { _, _ in true }) -> [Subject] {
        var seen = Set<String>()
        var found: [Subject] = []
        for record in records {
            for identifier in record.identifiers where found.count < limit && seen.insert(identifier.id).inserted {
                guard let link = try? DigitalLink.parse(identifier.id), link.primaryKey.ai == "01", !link.qualifiers.isEmpty,
                    keep(identifier.id, link)
                else { continue }
                found.append(Subject(id: identifier.id, link: link, record: record))
            }
        }
        return found
    }
}

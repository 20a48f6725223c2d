/// A list as JSON (the shipped lists' files, `junkan import substance-list`): every member checked, errors with a JSON
/// pointer.
extension RestrictedSubstanceList {
    public static func decode(_ json: JSONValue) throws(MaterialError) -> RestrictedSubstanceList {
        guard let o = json.objectValue else { throw MaterialError("", "a substance list is an object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(["id", "name", "version", "date", "source", "legalBasis", "isExcerpt", "entries"], in: o)
        let id = try MaterialJSON.string(o, "id", maxLength: 64)
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw MaterialError("/id", "a list id is letters, digits, '-', '_' and '.'")
        }
        let date = try MaterialJSON.string(o, "date", maxLength: 10)
        guard MaterialCertificate.isCalendarDate(date) else { throw MaterialError("/date", "date is a day, YYYY-MM-DD") }
        var entries: [Entry] = []
        var ids: Set<String> = []
        for (i, item) in (try MaterialJSON.array(o, "entries") ?? []).enumerated() {
            do throws(MaterialError) {
                let entry = try Self.entry(item)
                guard ids.insert(entry.id).inserted else { throw MaterialError("/id", "\"\(entry.id)\" is the id of an earlier entry") }
                entries.append(entry)
            } catch { throw error.under("/entries/\(i)") }
        }
        guard !entries.isEmpty else { throw MaterialError("/entries", "a list has at least one entry") }
        var isExcerpt = false
        if let v = o["isExcerpt"] {
            guard let b = v.boolValue else { throw MaterialError("/isExcerpt", "isExcerpt is true or false") }
            isExcerpt = b
        }
        return RestrictedSubstanceList(
            id: id, name: try MaterialJSON.string(o, "name"), version: try MaterialJSON.string(o, "version", maxLength: 64), date: date,
            source: try MaterialJSON.string(o, "source", maxLength: 2000), legalBasis: try MaterialJSON.string(o, "legalBasis", maxLength: 2000),
            isExcerpt: isExcerpt, entries: entries)
    }

    private static func entry(_ json: JSONValue) throws(MaterialError) -> Entry {
        guard let o = json.objectValue else { throw MaterialError("", "an entry is an object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(["id", "name", "cas", "thresholdPercent", "level", "duty", "exemptions", "appliesFrom", "scope"], in: o)
        var cas: [String] = []
        for (i, v) in (try MaterialJSON.array(o, "cas") ?? []).enumerated() {
            guard let s = v.stringValue, CASNumber.isValid(s) else {
                throw MaterialError("/cas/\(i)", "a CAS registry number with a correct check digit, found \(v.stringValue.map { "\"\($0)\"" } ?? v.typeName)")
            }
            cas.append(s)
        }
        let levelText = try MaterialJSON.string(o, "level")
        guard let level = Level(rawValue: levelText) else { throw MaterialError("/level", "level is homogeneous-material or article, found \"\(levelText)\"") }
        let appliesFrom = try MaterialJSON.optionalString(o, "appliesFrom", maxLength: 10)
        if let appliesFrom, !MaterialCertificate.isCalendarDate(appliesFrom) { throw MaterialError("/appliesFrom", "appliesFrom is a day, YYYY-MM-DD") }
        var exemptions: [Exemption] = []
        for (i, v) in (try MaterialJSON.array(o, "exemptions") ?? []).enumerated() {
            do throws(MaterialError) { exemptions.append(try exemption(v)) } catch { throw error.under("/exemptions/\(i)") }
        }
        return Entry(
            id: try MaterialJSON.string(o, "id", maxLength: 64), name: try MaterialJSON.string(o, "name"), cas: cas,
            threshold: try MaterialJSON.number(o, "thresholdPercent", in: 0...100) / 100, level: level,
            duty: try MaterialJSON.optionalString(o, "duty", maxLength: 1000), exemptions: exemptions, appliesFrom: appliesFrom,
            scope: try MaterialJSON.optionalString(o, "scope"))
    }

    private static func exemption(_ json: JSONValue) throws(MaterialError) -> Exemption {
        guard let o = json.objectValue else { throw MaterialError("", "an exemption is an object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(["id", "description", "maxPercent", "validUntil"], in: o)
        let until = try MaterialJSON.optionalString(o, "validUntil", maxLength: 10)
        if let until, !MaterialCertificate.isCalendarDate(until) { throw MaterialError("/validUntil", "validUntil is a day, YYYY-MM-DD") }
        return Exemption(
            id: try MaterialJSON.string(o, "id", maxLength: 64), description: try MaterialJSON.string(o, "description", maxLength: 1000),
            maxFraction: try MaterialJSON.optionalNumber(o, "maxPercent", in: 0...100).map { $0 / 100 }, validUntil: until)
    }
}

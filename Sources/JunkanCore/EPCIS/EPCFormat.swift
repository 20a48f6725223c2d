/// The EPCIS 2.0 REST binding's `GS1-EPC-Format` header: how query results write EPCs (and the other GS1 keys of an
/// event: locations, parties, business transactions, devices). A translation changes how an identifier is written, never
/// which it is, so an event's hash is the same in either form (the hash reads both as the Digital Link).
public enum EPCFormat: String, Sendable, CaseIterable {
    case noPreference = "No_Preference"
    case alwaysDigitalLink = "Always_GS1_Digital_Link"
    case alwaysURN = "Always_EPC_URN"
    case neverTranslates = "Never_Translates"

    /// The binding's default when the header is absent.
    public static let standardDefault = EPCFormat.alwaysDigitalLink
}

/// The `GS1-CBV-XML-Format` header: how XML query results write CBV values (JSON-LD always writes them bare).
public enum CBVXMLFormat: String, Sendable, CaseIterable {
    case noPreference = "No_Preference"
    case alwaysWebURI = "Always_Web_URI"
    case alwaysURN = "Always_URN"
    case neverTranslates = "Never_Translates"
}

/// Rewrites the GS1 keys of a stored event in the form `GS1-EPC-Format` asks for. An EPC URN becomes its Digital Link
/// (`https://id.gs1.org/…`); a Digital Link becomes its EPC URN only where the length of its GS1 Company Prefix is known
/// (a prefix an organisation of this node registered): a Digital Link does not carry it, and guessing would write
/// another identifier. What cannot be translated is written as stored.
public struct EPCTranslator: Sendable {
    public let format: EPCFormat
    /// The length of the company prefix of a key, when known.
    let companyPrefixLength: @Sendable (DigitalLink) -> Int?

    public init(format: EPCFormat, ownership: IdentifierOwnership = IdentifierOwnership()) {
        self.format = format
        companyPrefixLength = { ownership.owner(of: $0)?.prefix.count }
    }

    /// Whether anything in `json` (an event's stored text) may need rewriting: a cheap test before parsing.
    public func mayChange(_ json: String) -> Bool {
        switch format {
        case .noPreference, .neverTranslates: false
        case .alwaysDigitalLink: json.contains("urn:epc:")
        case .alwaysURN: json.contains("://")
        }
    }

    public func translate(_ event: JSONValue) -> JSONValue {
        guard format == .alwaysDigitalLink || format == .alwaysURN, case .object(var o) = event else { return event }
        for key in ["epcList", "childEPCs", "inputEPCList", "outputEPCList"] {
            if let list = o[key]?.arrayValue { o[key] = .array(list.map(identifier)) }
        }
        if let parent = o["parentID"] { o["parentID"] = identifier(parent) }
        for key in ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"] {
            if let list = o[key]?.arrayValue { o[key] = .array(list.map { member($0, "epcClass") }) }
        }
        for key in ["readPoint", "bizLocation"] { if let v = o[key] { o[key] = member(v, "id") } }
        for (list, item) in [("sourceList", "source"), ("destinationList", "destination"), ("bizTransactionList", "bizTransaction")] {
            if let l = o[list]?.arrayValue { o[list] = .array(l.map { member($0, item) }) }
        }
        if let sensors = o["sensorElementList"]?.arrayValue {
            o["sensorElementList"] = .array(
                sensors.map { s in
                    guard case .object(var e) = s else { return s }
                    if let m = e["sensorMetadata"] { e["sensorMetadata"] = member(m, "deviceID") }
                    if let r = e["sensorReport"]?.arrayValue { e["sensorReport"] = .array(r.map { member($0, "deviceID") }) }
                    return .object(e)
                })
        }
        return .object(o)
    }

    private func member(_ value: JSONValue, _ key: String) -> JSONValue {
        guard case .object(var o) = value, let v = o[key] else { return value }
        o[key] = identifier(v)
        return .object(o)
    }

    /// One identifier in the asked form, or as it was.
    public func identifier(_ value: JSONValue) -> JSONValue {
        guard let s = value.stringValue else { return value }
        switch format {
        case .alwaysDigitalLink:
            guard s.hasPrefix("urn:epc:"), let link = try? EPCURI.digitalLink(s) else { return value }
            return .string(link.canonicalURI)
        case .alwaysURN:
            guard s.hasPrefix("https://") || s.hasPrefix("http://"), let link = try? GS1Identifier.digitalLink(from: s),
                let n = companyPrefixLength(link), let urn = try? EPCURI.urn(link, companyPrefixLength: n)
            else { return value }
            return .string(urn)
        case .noPreference, .neverTranslates: return value
        }
    }
}

/// EPC URIs of the GS1 EPC Tag Data Standard 2.x (`urn:epc:id:sgtin:…`, `urn:epc:class:lgtin:…`,
/// `urn:epc:idpat:sgtin:….*`) and their equivalent GS1 Digital Links, both ways. The company-prefix
/// length is in the EPC URI but not in a Digital Link, so the way back needs it.
public enum EPCURI {
    /// The Digital Link equivalent of an EPC URI, validated (check digits are computed, lengths checked).
    public static func digitalLink(_ urn: String) throws(GS1Error) -> DigitalLink {
        let parts = urn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "urn", parts[1] == "epc" else { throw .notAnEPCURI("expected urn:epc:{id|class|idpat}:{scheme}:{value}") }
        let value = EPCValue(scheme: parts[3], fields: parts[4].split(separator: ".", omittingEmptySubsequences: false).map(String.init))
        typealias E = DigitalLink.Element
        switch (parts[2], parts[3]) {
        case ("id", "sgtin"):
            let f = try value.field(3)
            return try DigitalLink(
                primaryKey: E(ai: "01", value: try value.gtin(try value.prefix(f[0]), f[1])), qualifiers: [E(ai: "21", value: try value.decoded(f[2]))])
        case ("class", "lgtin"):
            let f = try value.field(3)
            return try DigitalLink(
                primaryKey: E(ai: "01", value: try value.gtin(try value.prefix(f[0]), f[1])), qualifiers: [E(ai: "10", value: try value.decoded(f[2]))])
        case ("idpat", "sgtin"):
            let f = try value.field(3)
            guard f[2] == "*" else { throw .notAnEPCURI("only the pattern {prefix}.{item}.* is supported") }
            return try DigitalLink(primaryKey: E(ai: "01", value: try value.gtin(try value.prefix(f[0]), f[1])))
        case ("id", "sscc"):
            let f = try value.field(2)
            let cp = try value.prefix(f[0])
            let ref = try value.digits(f[1], "the extension digit and serial reference")
            guard cp.count + ref.count == 17 else { throw .notAnEPCURI("company prefix and serial reference must have 17 digits together") }
            return try DigitalLink(primaryKey: E(ai: "00", value: value.withCheck(String(ref.prefix(1)) + cp + ref.dropFirst())))
        case ("id", "sgln"):
            let f = try value.field(3)
            let cp = try value.prefix(f[0])
            let loc = f[1].isEmpty ? "" : try value.digits(f[1], "the location reference")
            guard cp.count + loc.count == 12 else { throw .notAnEPCURI("company prefix and location reference must have 12 digits together") }
            let ext = try value.decoded(f[2])
            return try DigitalLink(primaryKey: E(ai: "414", value: value.withCheck(cp + loc)), qualifiers: ext == "0" ? [] : [E(ai: "254", value: ext)])
        case ("id", "pgln"):
            let f = try value.field(2)
            let cp = try value.prefix(f[0])
            let ref = f[1].isEmpty ? "" : try value.digits(f[1], "the party reference")
            guard cp.count + ref.count == 12 else { throw .notAnEPCURI("company prefix and party reference must have 12 digits together") }
            return try DigitalLink(primaryKey: E(ai: "417", value: value.withCheck(cp + ref)))
        case ("id", "grai"):
            let f = try value.field(3)
            let cp = try value.prefix(f[0])
            let type = f[1].isEmpty ? "" : try value.digits(f[1], "the asset type")
            guard cp.count + type.count == 12 else { throw .notAnEPCURI("company prefix and asset type must have 12 digits together") }
            let serial = f[2].isEmpty ? "" : try value.decoded(f[2])
            return try DigitalLink(primaryKey: E(ai: "8003", value: "0" + value.withCheck(cp + type) + serial))
        case ("id", "giai"):
            let f = try value.field(2)
            return try DigitalLink(primaryKey: E(ai: "8004", value: try value.prefix(f[0]) + (try value.decoded(f[1]))))
        case ("id", "gsrn"), ("id", "gsrnp"):
            let f = try value.field(2)
            let cp = try value.prefix(f[0])
            let ref = try value.digits(f[1], "the service reference")
            guard cp.count + ref.count == 17 else { throw .notAnEPCURI("company prefix and service reference must have 17 digits together") }
            return try DigitalLink(primaryKey: E(ai: parts[3] == "gsrn" ? "8018" : "8017", value: value.withCheck(cp + ref)))
        case ("id", "gdti"):
            let f = try value.field(3)
            let cp = try value.prefix(f[0])
            let type = f[1].isEmpty ? "" : try value.digits(f[1], "the document type")
            guard cp.count + type.count == 12 else { throw .notAnEPCURI("company prefix and document type must have 12 digits together") }
            return try DigitalLink(primaryKey: E(ai: "253", value: value.withCheck(cp + type) + (f[2].isEmpty ? "" : try value.decoded(f[2]))))
        default:
            throw .notAnEPCURI("unsupported EPC scheme '\(parts[2]):\(parts[3])'")
        }
    }

    /// The EPC URI of a Digital Link, given the length of the GS1 Company Prefix in its key.
    public static func urn(_ link: DigitalLink, companyPrefixLength n: Int) throws(GS1Error) -> String {
        guard (6...12).contains(n) else { throw .badCompanyPrefixLength(n) }
        let k = Array(link.primaryKey.value)
        func s(_ a: Int, _ b: Int) -> String { String(k[a..<b]) }
        let escaped = { (v: String) in EPCEscape.encode(v) }
        switch (link.primaryKey.ai, link.qualifiers.map(\.ai)) {
        case ("01", ["21"]), ("01", ["10"]), ("01", []), ("01", ["10", "21"]):
            let cp = s(1, 1 + n), item = s(0, 1) + s(1 + n, 13)
            if let serial = link.qualifier("21") { return "urn:epc:id:sgtin:\(cp).\(item).\(escaped(serial))" }
            if let lot = link.qualifier("10") { return "urn:epc:class:lgtin:\(cp).\(item).\(escaped(lot))" }
            return "urn:epc:idpat:sgtin:\(cp).\(item).*"
        case ("00", []):
            return "urn:epc:id:sscc:\(s(1, 1 + n)).\(s(0, 1) + s(1 + n, 17))"
        case ("414", []), ("414", ["254"]):
            return "urn:epc:id:sgln:\(s(0, n)).\(s(n, 12)).\(escaped(link.qualifier("254") ?? "0"))"
        case ("417", []):
            return "urn:epc:id:pgln:\(s(0, n)).\(s(n, 12))"
        case ("8003", []):
            return "urn:epc:id:grai:\(s(1, 1 + n)).\(s(1 + n, 13)).\(escaped(String(k[14...])))"
        case ("8004", []):
            return "urn:epc:id:giai:\(s(0, n)).\(escaped(String(k[n...])))"
        case ("8018", []), ("8017", []):
            return "urn:epc:id:\(link.primaryKey.ai == "8018" ? "gsrn" : "gsrnp"):\(s(0, n)).\(s(n, 17))"
        case ("253", []):
            return "urn:epc:id:gdti:\(s(0, n)).\(s(n, 12)).\(escaped(String(k[13...])))"
        default:
            throw .notAnEPCURI("no EPC URI scheme for \(link.canonicalURI)")
        }
    }
}

/// TDS 2.0 §7: in EPC URIs, characters outside the URN-safe set are %-escaped.
enum EPCEscape {
    static func encode(_ s: String) -> String { PercentEncoding.encode(s, keeping: { "-._!'()*+,:;=".utf8.contains($0) }) }
}

/// One entry point for "any GS1 identifier as written in an event": EPC URN or Digital Link.
public enum GS1Identifier {
    /// Parses an EPC URI or a Digital Link; other URIs (private identifiers) return nil.
    public static func digitalLink(from uri: String) throws(GS1Error) -> DigitalLink? {
        if uri.hasPrefix("urn:epc:id:") || uri.hasPrefix("urn:epc:class:") || uri.hasPrefix("urn:epc:idpat:") {
            return try EPCURI.digitalLink(uri)
        }
        if uri.hasPrefix("https://") || uri.hasPrefix("http://"),
            ["/01/", "/00/", "/414/", "/8003/", "/8004/", "/417/", "/253/", "/8018/"].contains(where: uri.containsBytes)
        {
            return try DigitalLink.parse(uri)
        }
        return nil
    }
}

/// The value part of an EPC URI (`{company prefix}.{reference}.{serial}`), its fields read and checked one at a time.
private struct EPCValue {
    /// The EPC scheme (`sgtin`, …), for messages.
    let scheme: String
    let fields: [String]

    func digits(_ s: String, _ what: String) throws(GS1Error) -> String {
        guard !s.isEmpty, s.utf8.allSatisfy(ASCII.isDigit) else { throw .notAnEPCURI("\(what) must be digits, found '\(s)'") }
        return s
    }
    func field(_ n: Int) throws(GS1Error) -> [String] {
        guard fields.count == n else { throw .notAnEPCURI("\(scheme) takes \(n) dot-separated fields, found \(fields.count)") }
        return fields
    }
    func prefix(_ cp: String) throws(GS1Error) -> String {
        let d = try digits(cp, "the GS1 Company Prefix")
        guard (6...12).contains(d.count) else { throw .badCompanyPrefixLength(d.count) }
        return d
    }
    func decoded(_ s: String) throws(GS1Error) -> String {
        guard let v = PercentEncoding.decode(s), !v.isEmpty else { throw .notAnEPCURI("bad escape or empty value '\(s)'") }
        return v
    }
    func gtin(_ cp: String, _ itemRef: String) throws(GS1Error) -> String {
        let ir = try digits(itemRef, "the indicator and item reference")
        guard cp.count + ir.count == 13 else { throw .notAnEPCURI("company prefix and item reference must have 13 digits together") }
        let body = String(ir.prefix(1)) + cp + ir.dropFirst()
        return body + String(CheckDigit.compute(body))
    }
    func withCheck(_ body: String) -> String { body + String(CheckDigit.compute(body)) }
}

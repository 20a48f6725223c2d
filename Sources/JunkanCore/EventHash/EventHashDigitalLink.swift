import Foundation

/// The CBV 2.0 event-hash normalisation of GS1 identifiers: any EPC URI, EPC class URI, EPC pattern
/// URI or GS1 Digital Link URI becomes a constrained canonical Digital Link (`https://id.gs1.org/…`,
/// lowest identification level, no CPV, no query). A line-by-line port of the reference's
/// `dl_normaliser.normaliser`, so hashes agree even where the reference is idiosyncratic. For
/// validated identifier handling use `DigitalLink` and `EPCURI` in `GS1/`.
enum EventHashDigitalLink {
    /// Compiled once; NSRegularExpression is immutable and documented thread-safe.
    struct Regex: @unchecked Sendable {
        let re: NSRegularExpression
        init(_ pattern: String) {
            // The patterns are constants of this file (the reference's), held to it by the cross-check: one that did not
            // compile would be a defect of the build, not of any input.
            do { re = try NSRegularExpression(pattern: pattern) } catch { preconditionFailure("EPC pattern does not compile: \(pattern): \(error)") }
        }
        func matches(_ s: String) -> Bool {
            re.firstMatch(in: s, options: [.anchored], range: NSRange(s.startIndex..., in: s)) != nil
        }
    }

    static let sgtin = Regex(Pattern.sgtin), sscc = Regex(Pattern.sscc), sgln = Regex(Pattern.sgln)
    static let grai = Regex(Pattern.grai), giai = Regex(Pattern.giai), gsrn = Regex(Pattern.gsrn)
    static let gsrnp = Regex(Pattern.gsrnp), gdti = Regex(Pattern.gdti), cpi = Regex(Pattern.cpi)
    static let sgcn = Regex(Pattern.sgcn), ginc = Regex(Pattern.ginc), gsin = Regex(Pattern.gsin)
    static let itip = Regex(Pattern.itip), upui = Regex(Pattern.upui), pgln = Regex(Pattern.pgln)
    static let lgtin = Regex(Pattern.lgtin)
    static let patSgtin = Regex(Pattern.patSgtin), patGrai = Regex(Pattern.patGrai), patGdti = Regex(Pattern.patGdti)
    static let patSgcn = Regex(Pattern.patSgcn), patCpi = Regex(Pattern.patCpi), patItip = Regex(Pattern.patItip)
    static let patUpui = Regex(Pattern.patUpui)
    static let digitalLink = Regex(Pattern.digitalLink), canonicalDomain = Regex(Pattern.canonicalDomain)
    static let gtin14 = Regex(Pattern.gtin14), gtin13 = Regex(Pattern.gtin13), gtin12 = Regex(Pattern.gtin12)
    static let gtin8 = Regex(Pattern.gtin8)
    static let cpvOnly8006 = Regex(Pattern.cpvOnly8006), cpvOnly01 = Regex(Pattern.cpvOnly01)
    static let cpvThen8006 = Regex(Pattern.cpvThen8006), cpvThen01 = Regex(Pattern.cpvThen01)
    static let lotSerial8006 = Regex(Pattern.lotSerial8006), lotSerial01 = Regex(Pattern.lotSerial01)
    static let validOutputs = Pattern.validOutputs.map(Regex.init)

    /// GS1 General Specifications §7.9.1 check digit, over the key without its check digit.
    static func checkDigit(_ digits: PyStr) -> String {
        var sum = 0
        for (k, u) in digits.scalars.reversed().enumerated() {
            // ASCII digits directly; other Unicode digits (which the reference's int() accepts) by property.
            let d =
                u.value >= 0x30 && u.value <= 0x39
                ? Int(u.value - 0x30)
                : Int(u.properties.numericType != nil ? (u.properties.numericValue ?? 0) : 0)
            sum += k % 2 == 0 ? d * 3 : d
        }
        return String((sum + 9) / 10 * 10 - sum)
    }

    /// GS1 Digital Link 1.2 Table 7-1 characters the reference percent-encodes in EPC components; every other
    /// character (non-ASCII included) is kept.
    static func percentEncode(_ s: PyStr) -> String { percentEncode(string: s.string) }

    static func percentEncode(string s: String) -> String {
        PercentEncoding.encode(s, keeping: { !isEscapedInEPCComponents($0) })
    }

    /// The bytes `percentEncode` escapes: `!()*+,:`.
    static func isEscapedInEPCComponents(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ":"): true
        default: false
        }
    }

    static func normalise(_ uri: String) -> String? {
        // Fast exits the reference takes too: no '.', or neither an EPC URN nor an http(s) URI.
        guard uri.containsByte(UInt8(ascii: ".")) else { return nil }
        if uri.hasBytePrefix("urn:epc:") { return fastEPCURI(uri) ?? epcURI(PyStr(uri)) }
        if uri.hasBytePrefix("http:") || uri.hasBytePrefix("https:") { return digitalLinkURI(uri) }
        return nil
    }

    /// The reference tries each EPC pattern in turn; their literal prefixes are distinct, so only the
    /// pattern of the URI's own scheme can match and is the only one we run.
    static func epcURI(_ u: PyStr) -> String? {
        let urn = EPCURN(u)
        return keyURI(u, urn) ?? moreKeyURI(u, urn) ?? patternURI(u, urn)
    }

    /// An EPC URN's scheme (`id`, `class`, `idpat`) and kind (`sgtin`, …), read once; `run` tries one pattern on it.
    struct EPCURN {
        let string: String
        let scheme: Substring
        let kind: Substring

        init(_ u: PyStr) {
            string = u.string
            scheme = string.dropFirst("urn:epc:".count).prefix(while: { $0 != ":" })
            kind = string.dropFirst("urn:epc:".count + scheme.count + 1).prefix(while: { $0 != ":" })
        }

        func run(_ r: Regex, _ forKind: String, _ forScheme: String) -> Bool { scheme == forScheme && kind == forKind && r.matches(string) }
    }

    /// The keys of EPC Tag Data Standard §6.3.1–6.3.8 (SGTIN to GDTI): the common ones, the fast checks first.
    private static func keyURI(_ u: PyStr, _ urn: EPCURN) -> String? {
        let s = u.string
        let p = u.find(".")
        let enc: (PyStr) -> String = percentEncode
        let run = urn.run
        if fastEPC(s, prefix: "urn:epc:id:sgtin:", total: 13, maxTokens: 20) || run(Self.sgtin, "sgtin", "id") {
            let gcp = u[17, p]
            let itemRef = u[p + 1, p + 1 + (13 - gcp.count)]
            let raw = itemRef[0, 1] + gcp + itemRef[1, nil]
            return "https://id.gs1.org/01/" + raw.string + checkDigit(raw) + "/21/" + enc(u[32, nil])
        }
        if fastSSCC(s) || run(Self.sscc, "sscc", "id") {
            let gcp = u[16, p]
            let raw = u[p + 1, p + 2] + gcp + u[p + 2, nil]
            return "https://id.gs1.org/00/" + raw.string + checkDigit(raw)
        }
        if fastEPC(s, prefix: "urn:epc:id:sgln:", total: 12, maxTokens: 20) || run(Self.sgln, "sgln", "id") {
            let gcp = u[16, p]
            let raw = gcp + u[p + 1, p + 1 + (12 - gcp.count)]
            let ext = u[30, nil]
            if ext.string == "0" { return "https://id.gs1.org/414/" + raw.string + checkDigit(raw) }
            return "https://id.gs1.org/414/" + raw.string + checkDigit(raw) + "/254/" + enc(ext)
        }
        if run(Self.grai, "grai", "id") {
            let gcp = u[16, p]
            let raw = PyStr("0") + gcp + u[p + 1, p + 1 + (12 - gcp.count)]
            return "https://id.gs1.org/8003/" + raw.string + checkDigit(raw) + enc(u[30, nil])
        }
        if run(Self.giai, "giai", "id") {
            return "https://id.gs1.org/8004/" + u[16, p].string + enc(u[p + 1, nil])
        }
        if run(Self.gsrn, "gsrn", "id") {
            let raw = u[16, p] + u[p + 1, nil]
            return "https://id.gs1.org/8018/" + raw.string + checkDigit(raw)
        }
        if run(Self.gsrnp, "gsrnp", "id") {
            let raw = u[17, p] + u[p + 1, nil]
            return "https://id.gs1.org/8017/" + raw.string + checkDigit(raw)
        }
        if run(Self.gdti, "gdti", "id") {
            let gcp = u[16, p]
            let raw = gcp + u[p + 1, p + 1 + (12 - gcp.count)]
            return "https://id.gs1.org/253/" + raw.string + checkDigit(raw) + enc(u[30, nil])
        }
        return nil
    }

    /// The other keys with an `id` URN (CPI to PGLN) and the LGTIN class.
    private static func moreKeyURI(_ u: PyStr, _ urn: EPCURN) -> String? {
        let s = u.string
        let p = u.find(".")
        let enc: (PyStr) -> String = percentEncode
        let run = urn.run
        if run(Self.cpi, "cpi", "id") {
            let sep = u.rfind(".")
            let raw = u[15, p] + u[p + 1, sep]
            return "https://id.gs1.org/8010/" + enc(raw) + "/8011/" + u[sep + 1, nil].string
        }
        if run(Self.sgcn, "sgcn", "id") {
            let gcp = u[16, p]
            let raw = gcp + u[p + 1, p + 1 + (12 - gcp.count)]
            return "https://id.gs1.org/255/" + raw.string + checkDigit(raw) + u[30, nil].string
        }
        if run(Self.ginc, "ginc", "id") {
            return "https://id.gs1.org/401/" + u[16, p].string + enc(u[p + 1, nil])
        }
        if run(Self.gsin, "gsin", "id") {
            let raw = u[16, p] + u[p + 1, nil]
            return "https://id.gs1.org/402/" + raw.string + checkDigit(raw)
        }
        if run(Self.itip, "itip", "id") {
            let gcp = u[16, p]
            let itemRef = u[p + 1, p + 1 + (13 - gcp.count)]
            let raw = itemRef[0, 1] + gcp + itemRef[1, nil]
            return "https://id.gs1.org/8006/" + raw.string + checkDigit(raw) + u[31, 33].string + u[34, 36].string
                + "/21/" + enc(u[37, nil])
        }
        if run(Self.upui, "upui", "id") {
            let gcp = u[16, p]
            let itemRef = u[p + 1, p + 1 + (13 - gcp.count)]
            let raw = itemRef[0, 1] + gcp + itemRef[1, nil]
            return "https://id.gs1.org/01/" + raw.string + checkDigit(raw) + "/235/" + enc(u[31, nil])
        }
        if run(Self.pgln, "pgln", "id") {
            let gcp = u[16, p]
            let raw = gcp + u[p + 1, p + 1 + (12 - gcp.count)]
            return "https://id.gs1.org/417/" + raw.string + checkDigit(raw)
        }
        if fastEPC(s, prefix: "urn:epc:class:lgtin:", total: 13, maxTokens: 20) || run(Self.lgtin, "lgtin", "class") {
            let gcp = u[20, p]
            let itemRef = u[p + 1, p + 1 + (13 - gcp.count)]
            let raw = itemRef[0, 1] + gcp + itemRef[1, nil]
            return "https://id.gs1.org/01/" + raw.string + checkDigit(raw) + "/10/" + enc(u[35, nil])
        }
        return nil
    }

    /// EPC pattern URIs (`idpat`): the class a pattern names, where it names one.
    private static func patternURI(_ u: PyStr, _ urn: EPCURN) -> String? {
        let p = u.find(".")
        let enc: (PyStr) -> String = percentEncode
        let run = urn.run
        if run(Self.patSgtin, "sgtin", "idpat") || run(Self.patUpui, "upui", "idpat") {
            let gcp = u[run(Self.patSgtin, "sgtin", "idpat") ? 20 : 19, p]
            let itemRef = u[p + 1, p + 1 + (13 - gcp.count)]
            let raw = itemRef[0, 1] + gcp + itemRef[1, nil]
            return "https://id.gs1.org/01/" + raw.string + checkDigit(raw)
        }
        if run(Self.patGrai, "grai", "idpat") {
            let gcp = u[19, p]
            let raw = PyStr("0") + gcp + u[p + 1, p + 1 + (12 - gcp.count)]
            return "https://id.gs1.org/8003/" + raw.string + checkDigit(raw)
        }
        if run(Self.patGdti, "gdti", "idpat") || run(Self.patSgcn, "sgcn", "idpat") {
            let gcp = u[19, p]
            let raw = gcp + u[p + 1, p + 1 + (12 - gcp.count)]
            return (run(Self.patGdti, "gdti", "idpat") ? "https://id.gs1.org/253/" : "https://id.gs1.org/255/") + raw.string + checkDigit(raw)
        }
        if run(Self.patCpi, "cpi", "idpat") {
            let sep = u.rfind(".")
            return "https://id.gs1.org/8010/" + enc(u[18, p] + u[p + 1, sep])
        }
        if run(Self.patItip, "itip", "idpat") {
            let gcp = u[19, p]
            let itemRef = u[p + 1, p + 1 + (13 - gcp.count)]
            let raw = itemRef[0, 1] + gcp + itemRef[1, nil]
            return "https://id.gs1.org/8006/" + raw.string + checkDigit(raw) + u[34, 36].string + u[37, 39].string
        }
        return nil
    }

    static let shortNames: [(String, String)] = [
        ("/gtin/", "/01/"), ("/itip/", "/8006/"), ("/cpid/", "/8010/"), ("/gln/", "/414/"), ("/party/", "/417/"),
        ("/gsrnp/", "/8017/"), ("/gsrn/", "/8018/"), ("/gcn/", "/255/"), ("/sscc/", "/00/"), ("/gdti/", "/253/"),
        ("/ginc/", "/401/"), ("/gsin/", "/402/"), ("/grai/", "/8003/"), ("/giai/", "/8004/"), ("/cpv/", "/22/"),
        ("/lot/", "/10/"), ("/ser/", "/21/")
    ]
    static let primaryKeys = [
        "/00/", "/01/", "/253/", "/255/", "/401/", "/402/", "/414/", "/417/", "/8003/", "/8004/",
        "/8006/", "/8010/", "/8017/", "/8018/"
    ]

    static func digitalLinkURI(_ input: String) -> String? {
        if isCanonicalOutput(input) { return input }
        guard mayBeDigitalLink(input) else { return nil }
        return digitalLinkURIByPatterns(input)
    }

    /// The reference's steps, pattern by pattern.
    static func digitalLinkURIByPatterns(_ input: String) -> String? {
        guard digitalLink.matches(input) else { return nil }
        var uri = input
        if let q = uri.firstIndex(of: "?") { uri = String(uri[..<q]) }
        for (short, ai) in shortNames { uri = uri.replacingAll(short, with: ai) }
        if !canonicalDomain.matches(uri) {
            let u = PyStr(uri)
            for key in primaryKeys {
                let at = u.find(key)
                if at != -1 { uri = "https://id.gs1.org" + u[at, nil].string; break }
            }
        }
        if !gtin14.matches(uri) {
            if gtin13.matches(uri) {
                uri = uri.replacingAll("/01/", with: "/01/0")
            } else if gtin12.matches(uri) {
                uri = uri.replacingAll("/01/", with: "/01/00")
            } else if gtin8.matches(uri) {
                uri = uri.replacingAll("/01/", with: "/01/000000")
            }
        }
        var u = PyStr(uri)
        let x = u[u.find("/22/") + 4, nil]
        if cpvOnly8006.matches(uri) || cpvOnly01.matches(uri) {
            uri = (u[0, u.find("/22/")] + x[x.find("/"), -1]).string
            u = PyStr(uri)
        }
        if cpvThen8006.matches(uri) || cpvThen01.matches(uri) {
            uri = (u[0, u.find("/22/")] + x[x.find("/"), nil]).string
            u = PyStr(uri)
        }
        if lotSerial8006.matches(uri) || lotSerial01.matches(uri) {
            let y = u[u.find("/10/") + 4, nil]
            uri = (u[0, u.find("/10/")] + y[y.find("/"), nil]).string
        }
        return validOutputs.contains(where: { $0.matches(uri) }) ? uri : nil
    }
}

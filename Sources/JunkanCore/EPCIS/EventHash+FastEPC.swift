/// The common EPC URIs (sgtin, sscc, sgln, lgtin, pgln in ASCII, as `fastEPC`/`fastDigitsEPC` accept them)
/// turned into their Digital Link with byte arithmetic. `epcURI` does the same through `PyStr`
/// slices, a Unicode-scalar copy per slice, which is the reference's index arithmetic made literal
/// and the slow part of hashing events full of EPCs. Each result equals `epcURI`'s on the same
/// input (EventHashFastCheckTests compares them on generated URIs); anything else gives nil.
extension EventHashDigitalLink {
    static func fastEPCURI(_ s: String) -> String? {
        // One copy of the bytes; the scheme picks the one pattern that can match.
        let b = Array(s.utf8)
        if b.starts(with: Prefix.sgtin) {
            return fastEPC(b, prefix: Prefix.sgtin, total: 13, maxTokens: 20) ? gtinLink(b, prefix: 17, qualifier: "/21/") : nil
        }
        if b.starts(with: Prefix.lgtin) {
            return fastEPC(b, prefix: Prefix.lgtin, total: 13, maxTokens: 20) ? gtinLink(b, prefix: 20, qualifier: "/10/") : nil
        }
        if b.starts(with: Prefix.sscc) {
            guard fastDigitsEPC(b, prefix: Prefix.sscc, total: 17) else { return nil }
            let dot = b[16...].firstIndex(of: UInt8(ascii: "."))!
            // Extension digit, company prefix, serial reference.
            var raw = [b[dot + 1]]
            raw += b[16..<dot]
            raw += b[(dot + 2)...]
            return link("00", raw, qualifier: nil, value: [])
        }
        if b.starts(with: Prefix.pgln) {
            guard fastDigitsEPC(b, prefix: Prefix.pgln, total: 12) else { return nil }
            let dot = b[16...].firstIndex(of: UInt8(ascii: "."))!
            return link("417", Array(b[16..<dot]) + b[(dot + 1)...], qualifier: nil, value: [])
        }
        if b.starts(with: Prefix.sgln) {
            guard fastEPC(b, prefix: Prefix.sgln, total: 12, maxTokens: 20) else { return nil }
            let dot = b[16...].firstIndex(of: UInt8(ascii: "."))!
            let raw = Array(b[16..<dot]) + b[(dot + 1)..<29]
            let ext = Array(b[30...])
            return ext == [UInt8(ascii: "0")] ? link("414", raw, qualifier: nil, value: []) : link("414", raw, qualifier: "/254/", value: ext)
        }
        return nil
    }

    enum Prefix {
        static let sgtin = Array("urn:epc:id:sgtin:".utf8)
        static let lgtin = Array("urn:epc:class:lgtin:".utf8)
        static let sscc = Array("urn:epc:id:sscc:".utf8)
        static let pgln = Array("urn:epc:id:pgln:".utf8)
        static let sgln = Array("urn:epc:id:sgln:".utf8)
    }

    /// sgtin/lgtin: `prefix` company-prefix "." indicator+item-reference "." value; the GTIN is the indicator,
    /// the company prefix, the item reference and a check digit.
    private static func gtinLink(_ b: [UInt8], prefix: Int, qualifier: String) -> String {
        let dot = b[prefix...].firstIndex(of: UInt8(ascii: "."))!
        var raw = [b[dot + 1]]
        raw += b[prefix..<dot]
        raw += b[(dot + 2)..<(prefix + 14)]
        return link("01", raw, qualifier: qualifier, value: Array(b[(prefix + 15)...]))
    }

    /// `https://id.gs1.org/{ai}/{raw}{check digit}[{qualifier}{value, percent-encoded as percentEncode does}]`.
    private static func link(_ ai: String, _ raw: [UInt8], qualifier: String?, value: [UInt8]) -> String {
        var out = "https://id.gs1.org/" + ai + "/" + String(decoding: raw, as: UTF8.self) + String(CheckDigit.compute(asciiDigits: raw))
        if let qualifier { out += qualifier + percentEncode(string: String(decoding: value, as: UTF8.self)) }
        return out
    }
}

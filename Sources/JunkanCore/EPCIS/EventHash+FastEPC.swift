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
            var link = LinkBytes("00")
            link.append(b[dot + 1])
            link.append(contentsOf: b[16..<dot])
            link.append(contentsOf: b[(dot + 2)...])
            return link.string()
        }
        if b.starts(with: Prefix.pgln) {
            guard fastDigitsEPC(b, prefix: Prefix.pgln, total: 12) else { return nil }
            let dot = b[16...].firstIndex(of: UInt8(ascii: "."))!
            var link = LinkBytes("417")
            link.append(contentsOf: b[16..<dot])
            link.append(contentsOf: b[(dot + 1)...])
            return link.string()
        }
        if b.starts(with: Prefix.sgln) {
            guard fastEPC(b, prefix: Prefix.sgln, total: 12, maxTokens: 20) else { return nil }
            let dot = b[16...].firstIndex(of: UInt8(ascii: "."))!
            var link = LinkBytes("414")
            link.append(contentsOf: b[16..<dot])
            link.append(contentsOf: b[(dot + 1)..<29])
            let ext = b[30...]
            return ext.elementsEqual([UInt8(ascii: "0")]) ? link.string() : link.string(qualifier: "/254/", value: ext)
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
    private static func gtinLink(_ b: [UInt8], prefix: Int, qualifier: StaticString) -> String {
        let dot = b[prefix...].firstIndex(of: UInt8(ascii: "."))!
        var link = LinkBytes("01")
        link.append(b[dot + 1])
        link.append(contentsOf: b[prefix..<dot])
        link.append(contentsOf: b[(dot + 2)..<(prefix + 14)])
        return link.string(qualifier: qualifier, value: b[(prefix + 15)...])
    }

    /// `https://id.gs1.org/{ai}/{key}{check digit}[{qualifier}{value, percent-encoded as percentEncode does}]`, written
    /// into one byte buffer (a hashed event has several of these; each String piece was an allocation).
    private struct LinkBytes {
        private var out: [UInt8] = []
        private let keyStart: Int

        init(_ ai: StaticString) {
            out.reserveCapacity(96)
            out += "https://id.gs1.org/".utf8
            out += UnsafeBufferPointer(start: ai.utf8Start, count: ai.utf8CodeUnitCount)
            out.append(UInt8(ascii: "/"))
            keyStart = out.count
        }

        /// The key's digits, without the check digit, are appended by the caller.
        mutating func append(_ c: UInt8) { out.append(c) }
        mutating func append(contentsOf bytes: some Sequence<UInt8>) { out.append(contentsOf: bytes) }

        /// The link of the key alone.
        consuming func string() -> String { finished(qualifier: nil, value: []) }

        /// The link with a serial, lot or extension.
        consuming func string(qualifier: StaticString, value: some Collection<UInt8>) -> String { finished(qualifier: qualifier, value: value) }

        private consuming func finished(qualifier: StaticString?, value: some Collection<UInt8>) -> String {
            out.append(UInt8(ascii: "0") + UInt8(CheckDigit.compute(asciiDigits: out[keyStart...])))
            if let qualifier {
                out += UnsafeBufferPointer(start: qualifier.utf8Start, count: qualifier.utf8CodeUnitCount)
                PercentEncoding.append(value, to: &out, keeping: { !EventHashDigitalLink.isEscapedInEPCComponents($0) })
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

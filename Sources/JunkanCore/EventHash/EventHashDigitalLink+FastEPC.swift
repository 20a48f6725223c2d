/// The common EPC URIs (sgtin, sscc, sgln, lgtin, pgln in ASCII, as `fastEPC`/`fastDigitsEPC` accept them)
/// turned into their Digital Link with byte arithmetic. `epcURI` does the same through `PyStr`
/// slices, a Unicode-scalar copy per slice, which is the reference's index arithmetic made literal
/// and the slow part of hashing events full of EPCs. Each result equals `epcURI`'s on the same
/// input (EventHashFastCheckTests compares them on generated URIs); anything else gives nil.
extension EventHashDigitalLink {
    static func fastEPCURI(_ s: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        let ok = s.utf8.withContiguousStorageIfAvailable { appendFastEPCLink($0, to: &out) } ?? appendFastEPCLink(Array(s.utf8), to: &out)
        return ok ? String(decoding: out, as: UTF8.self) : nil
    }

    /// The link of an EPC URI of the common schemes, appended to `out`; false (and `out` as it was) for any other text.
    static func appendFastEPCLink<C: RandomAccessCollection<UInt8>>(_ b: C, to out: inout [UInt8]) -> Bool where C.Index == Int {
        // The scheme picks the one pattern that can match.
        if b.hasPrefix(bytes: Prefix.sgtin) {
            guard fastEPC(b, prefix: Prefix.sgtin, total: 13, maxTokens: 20) else { return false }
            gtinLink(b, prefix: 17, qualifier: "/21/", to: &out)
            return true
        }
        if b.hasPrefix(bytes: Prefix.lgtin) {
            guard fastEPC(b, prefix: Prefix.lgtin, total: 13, maxTokens: 20) else { return false }
            gtinLink(b, prefix: 20, qualifier: "/10/", to: &out)
            return true
        }
        if b.hasPrefix(bytes: Prefix.sscc) {
            guard fastDigitsEPC(b, prefix: Prefix.sscc, total: 17) else { return false }
            let dot = b[(b.startIndex + 16)...].firstIndex(of: UInt8(ascii: "."))!
            // Extension digit, company prefix, serial reference.
            let key = LinkBytes.begin("00", in: &out)
            out.append(b[dot + 1])
            out.append(contentsOf: b[(b.startIndex + 16)..<dot])
            out.append(contentsOf: b[(dot + 2)...])
            LinkBytes.finish(key: key, in: &out)
            return true
        }
        if b.hasPrefix(bytes: Prefix.pgln) {
            guard fastDigitsEPC(b, prefix: Prefix.pgln, total: 12) else { return false }
            let dot = b[(b.startIndex + 16)...].firstIndex(of: UInt8(ascii: "."))!
            let key = LinkBytes.begin("417", in: &out)
            out.append(contentsOf: b[(b.startIndex + 16)..<dot])
            out.append(contentsOf: b[(dot + 1)...])
            LinkBytes.finish(key: key, in: &out)
            return true
        }
        if b.hasPrefix(bytes: Prefix.sgln) {
            guard fastEPC(b, prefix: Prefix.sgln, total: 12, maxTokens: 20) else { return false }
            let dot = b[(b.startIndex + 16)...].firstIndex(of: UInt8(ascii: "."))!
            let key = LinkBytes.begin("414", in: &out)
            out.append(contentsOf: b[(b.startIndex + 16)..<dot])
            out.append(contentsOf: b[(dot + 1)..<(b.startIndex + 29)])
            let ext = b[(b.startIndex + 30)...]
            if ext.elementsEqual(CollectionOfOne(UInt8(ascii: "0"))) {
                LinkBytes.finish(key: key, in: &out)
            } else {
                LinkBytes.finish(key: key, qualifier: "/254/", value: ext, in: &out)
            }
            return true
        }
        return false
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
    private static func gtinLink<C: RandomAccessCollection<UInt8>>(_ b: C, prefix: Int, qualifier: StaticString, to out: inout [UInt8]) where C.Index == Int {
        let p = b.startIndex + prefix
        let dot = b[p...].firstIndex(of: UInt8(ascii: "."))!
        let key = LinkBytes.begin("01", in: &out)
        out.append(b[dot + 1])
        out.append(contentsOf: b[p..<dot])
        out.append(contentsOf: b[(dot + 2)..<(p + 14)])
        LinkBytes.finish(key: key, qualifier: qualifier, value: b[(p + 15)...], in: &out)
    }

    /// `https://id.gs1.org/{ai}/{key}{check digit}[{qualifier}{value, percent-encoded as percentEncode does}]`, written
    /// into the caller's byte buffer (a hashed event has several of these; each String piece was an allocation).
    private enum LinkBytes {
        /// Writes the link up to its key and gives where the key starts; the caller appends the key's digits.
        static func begin(_ ai: StaticString, in out: inout [UInt8]) -> Int {
            out += "https://id.gs1.org/".utf8
            out += UnsafeBufferPointer(start: ai.utf8Start, count: ai.utf8CodeUnitCount)
            out.append(UInt8(ascii: "/"))
            return out.count
        }

        /// The check digit over the key, and the qualifier with its value when there is one.
        static func finish(key: Int, qualifier: StaticString? = nil, value: some Collection<UInt8> = EmptyCollection(), in out: inout [UInt8]) {
            out.append(UInt8(ascii: "0") + UInt8(CheckDigit.compute(asciiDigits: out[key...])))
            if let qualifier {
                out += UnsafeBufferPointer(start: qualifier.utf8Start, count: qualifier.utf8CodeUnitCount)
                PercentEncoding.append(value, to: &out, keeping: { !EventHashDigitalLink.isEscapedInEPCComponents($0) })
            }
        }
    }
}

/// The canonical Digital Link of the spellings a capture mostly carries, read straight off the bytes:
/// `urn:epc:id:sgtin`, `urn:epc:class:lgtin`, `urn:epc:id:sgln`, `urn:epc:id:sscc`, and canonical
/// `https://id.gs1.org/…` links with a GTIN (and a serial or lot), a GLN (and an extension) or an SSCC.
///
/// A capture checks every EPC it receives, and serials are unique, so no cache helps: the full parse
/// (`GS1Identifier.digitalLink(from:)`, a String per field and the syntax dictionary's generic checks)
/// was about a seventh of a capture's time. This path answers only where its answer is certainly the full
/// parse's (values of letters, digits, `-` and `_` — plus `.` in links — that need no escaping and are in
/// every character set concerned); for anything else it answers nil and the full parse decides, errors
/// included. `FastCanonicalIdentifierTests` holds the two equal.
enum FastCanonicalIdentifier {
    static func canonical(_ identifier: String) -> String? {
        var s = identifier
        return s.withUTF8 { b -> String? in
            var c = Cursor(bytes: b)
            if c.skip("https://id.gs1.org/") {
                // Already canonical when valid: the answer is the identifier itself.
                return c.isCanonicalLinkPath() ? identifier : nil
            }
            if c.skip("urn:epc:id:sgtin:") { return c.gtinWithQualifier("/21/") }
            if c.skip("urn:epc:class:lgtin:") { return c.gtinWithQualifier("/10/") }
            if c.skip("urn:epc:id:sgln:") { return c.gln() }
            if c.skip("urn:epc:id:sscc:") { return c.sscc() }
            return nil
        }
    }

    static let plain = GS1SyntaxDictionary.ASCIISet("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
    static let plainWithDot = GS1SyntaxDictionary.ASCIISet("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var pos = 0

        var atEnd: Bool { pos == bytes.count }

        mutating func skip(_ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            guard bytes.count - pos >= n else { return false }
            for k in 0..<n where bytes[pos + k] != literal.utf8Start[k] { return false }
            pos += n
            return true
        }

        /// The ASCII digits from here, consumed.
        mutating func digits() -> Range<Int> {
            let start = pos
            while pos < bytes.count, GS1SyntaxDictionary.ASCIISet.numeric.contains(bytes[pos]) { pos += 1 }
            return start..<pos
        }

        /// A value of 1 to 20 bytes up to the next `/` or the end, of letters, digits, `-`, `_` and, with `dot`, `.`.
        /// Those are in GS1 character set 82 and stay as they are under Digital Link percent-encoding.
        mutating func plainValue(dot: Bool) -> Range<Int>? {
            let start = pos
            let plain = dot ? FastCanonicalIdentifier.plainWithDot : FastCanonicalIdentifier.plain
            while pos < bytes.count, plain.contains(bytes[pos]) { pos += 1 }
            return (1...20).contains(pos - start) ? start..<pos : nil
        }

        /// The GS1 key an EPC's fields stand for (TDS 2.0 §7), check digit added: with `leadingDigit`, the
        /// reference's first digit (indicator or extension digit) goes before the company prefix.
        func key(companyPrefix cp: Range<Int>, reference ref: Range<Int>, leadingDigit: Bool) -> String {
            var key = leadingDigit ? [bytes[ref.lowerBound]] + bytes[cp] + bytes[(ref.lowerBound + 1)..<ref.upperBound] : Array(bytes[cp]) + bytes[ref]
            key.append(UInt8(CheckDigit.compute(asciiDigits: key)) + 0x30)
            return String(decoding: key, as: UTF8.self)
        }

        func hasValidCheckDigit(_ r: Range<Int>) -> Bool {
            Int(bytes[r.upperBound - 1] - 0x30) == CheckDigit.compute(asciiDigits: UnsafeBufferPointer(rebasing: bytes[r.lowerBound..<(r.upperBound - 1)]))
        }

        /// After `https://id.gs1.org/`: `01/{14}`, optionally `/21/…` or `/10/…`; `414/{13}`, optionally `/254/…`; `00/{18}`.
        mutating func isCanonicalLinkPath() -> Bool {
            let length: Int, qualifiers: [StaticString]
            if skip("01/") {
                (length, qualifiers) = (14, ["/21/", "/10/"])
            } else if skip("414/") {
                (length, qualifiers) = (13, ["/254/"])
            } else if skip("00/") {
                (length, qualifiers) = (18, [])
            } else {
                return false
            }
            let key = digits()
            guard key.count == length, hasValidCheckDigit(key) else { return false }
            if atEnd { return true }
            guard qualifiers.contains(where: { skip($0) }), plainValue(dot: true) != nil else { return false }
            return atEnd
        }

        /// `{company prefix}.{indicator and item reference}.{serial or lot}` after an sgtin or lgtin scheme.
        mutating func gtinWithQualifier(_ qualifier: String) -> String? {
            let cp = digits()
            guard (6...12).contains(cp.count), skip("."), case let ir = digits(), !ir.isEmpty, cp.count + ir.count == 13, skip("."),
                let value = plainValue(dot: false), atEnd
            else { return nil }
            return "https://id.gs1.org/01/" + key(companyPrefix: cp, reference: ir, leadingDigit: true) + qualifier
                + String(decoding: bytes[value], as: UTF8.self)
        }

        /// `{company prefix}.{location reference}.{extension}` after the sgln scheme; extension 0 is none.
        mutating func gln() -> String? {
            let cp = digits()
            guard (6...12).contains(cp.count), skip(".") else { return nil }
            let loc = digits()
            guard cp.count + loc.count == 12, skip("."), let ext = plainValue(dot: false), atEnd else { return nil }
            let gln = "https://id.gs1.org/414/" + key(companyPrefix: cp, reference: loc, leadingDigit: false)
            if ext.count == 1, bytes[ext.lowerBound] == UInt8(ascii: "0") { return gln }
            return gln + "/254/" + String(decoding: bytes[ext], as: UTF8.self)
        }

        /// `{company prefix}.{extension digit and serial reference}` after the sscc scheme.
        mutating func sscc() -> String? {
            let cp = digits()
            guard (6...12).contains(cp.count), skip(".") else { return nil }
            let ref = digits()
            guard !ref.isEmpty, cp.count + ref.count == 17, atEnd else { return nil }
            return "https://id.gs1.org/00/" + key(companyPrefix: cp, reference: ref, leadingDigit: true)
        }
    }
}

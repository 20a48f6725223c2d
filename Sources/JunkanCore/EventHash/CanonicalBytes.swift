/// `EventHashValues.canonize` of text that needs no stripping, from its bytes: the text as it is, or the link of an
/// EPC URI of the common schemes. Anything `canonize` might change otherwise (CBV 1.x URNs, numbers, links that are
/// not canonical already) answers false with nothing written, for the `String` path.
enum CanonicalBytes {
    static func append(_ b: UnsafeBufferPointer<UInt8>, to out: inout PreHashBytes) -> Bool {
        // webVocabulary: rewrites CBV 1.x URNs.
        if contains(b, Self.cbvURN) { return false }
        // formatNumeric: a plain integer is its own spelling; anything float() might read takes the String path.
        if PythonNumber.isShortInteger(bytes: b) {
            // `integerString` keeps digits that start with 1–9 as they are; a sign or leading zeros take the String path.
            guard b[0] != UInt8(ascii: "-"), b[0] != UInt8(ascii: "0") else { return false }
            out.append(b)
            return true
        }
        if !PythonNumber.certainlyNotFloat(b) { return false }
        // normalise: only text with a '.' can be an EPC URI or a link.
        guard b.contains(UInt8(ascii: ".")) else { out.append(b); return true }
        if b.hasPrefix("urn:epc:") {
            var linked = false
            out.append { linked = EventHashDigitalLink.appendFastEPCLink(b, to: &$0) }
            return linked
        }
        if b.hasPrefix("http:") || b.hasPrefix("https:") {
            if b.hasPrefix("https://id.gs1.org/"), EventHashDigitalLink.isCanonicalOutput(path: b[19...]) { out.append(b); return true }
            if EventHashDigitalLink.mayBeDigitalLink(bytes: b) { return false }
        }
        out.append(b)
        return true
    }

    static let cbvURN = Array("urn:epcglobal:cbv:".utf8)

    /// `canonize(str(n))` of a JSON number, from its literal: an integer of up to 15 digits is its own spelling (JSON
    /// writes no leading zeros or plus sign; `-0` is left out, int() makes it `0`), and a float that is not integral is
    /// its `repr`, which float() reads back to the same value, so `formatNumeric` gives it again. False (nothing
    /// written) for the rest: longer integers, integral or infinite floats.
    static func appendNumber(_ b: UnsafeBufferPointer<UInt8>, to out: inout PreHashBytes) -> Bool {
        if PythonNumber.isShortInteger(bytes: b) {
            if b.count == 2, b[0] == UInt8(ascii: "-"), b[1] == UInt8(ascii: "0") { return false }
            out.append(b)
            return true
        }
        guard let d = Double(String(decoding: b, as: UTF8.self)), d.isFinite, d.rounded(.towardZero) != d else { return false }
        out.append(PythonNumber.repr(d))
        return true
    }

    static func contains(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard b.count >= needle.count else { return false }
        var i = 0
        while i <= b.count - needle.count {
            if b[i] == needle[0], b[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}

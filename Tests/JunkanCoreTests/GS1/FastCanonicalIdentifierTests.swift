import Foundation
import Testing

@testable import JunkanCore

/// The byte-level canonical form of common identifiers answers only what the full parse answers: on valid
/// identifiers of every scheme it covers and on thousands of near-misses (a digit off, a length off, an
/// escape, a character outside the plain set, a slash, a query, another host or scheme).
@Suite struct FastCanonicalIdentifierTests {
    /// The full parse's answer: the canonical link, nil for a non-GS1 URI, or "error".
    static func full(_ s: String) -> String? {
        do { return try GS1Identifier.digitalLink(from: s)?.canonicalURI } catch { return "error" }
    }

    static func check(_ s: String) -> Bool {
        guard let fast = FastCanonicalIdentifier.canonical(s) else { return false }
        #expect(fast == full(s), "\(s)")
        return true
    }

    static let valueCharacters = Array("ABCxyz0189-_.~%!'()*+,:;=/?#é ")

    /// A valid identifier of one of the covered shapes, with a plain value (or, one time in four, a wilder one).
    static func identifier(_ r: inout SplitMix) -> String {
        let cpLength = 6 + r.below(7)
        func value() -> String {
            if r.below(4) == 0 { return String((0..<(r.below(23))).map { _ in r.pick(valueCharacters) }) }
            return String((0..<(1 + r.below(20))).map { _ in r.pick(Array("AZaz09-_")) })
        }
        func keyWithCheck(_ body: String) -> String { body + String(CheckDigit.compute(body)) }
        switch r.below(9) {
        case 0: return "urn:epc:id:sgtin:\(r.digits(cpLength)).\(r.digits(13 - cpLength)).\(value())"
        case 1: return "urn:epc:class:lgtin:\(r.digits(cpLength)).\(r.digits(13 - cpLength)).\(value())"
        case 2: return "urn:epc:id:sgln:\(r.digits(cpLength)).\(r.digits(12 - cpLength)).\(r.below(3) == 0 ? "0" : value())"
        case 3: return "urn:epc:id:sscc:\(r.digits(cpLength)).\(r.digits(17 - cpLength))"
        case 4: return "https://id.gs1.org/01/\(keyWithCheck(r.digits(13)))"
        case 5: return "https://id.gs1.org/01/\(keyWithCheck(r.digits(13)))/\(r.pick(["21", "10"]))/\(value())"
        case 6: return "https://id.gs1.org/414/\(keyWithCheck(r.digits(12)))" + (r.below(2) == 0 ? "" : "/254/\(value())")
        case 7: return "https://id.gs1.org/00/\(keyWithCheck(r.digits(17)))"
        default: return "urn:epc:id:sgtin:\(r.digits(cpLength)).\(r.digits(13 - cpLength)).\(r.digits(1 + r.below(12)))"
        }
    }

    /// One small change: a character replaced, inserted or removed, or a piece appended.
    static func mutate(_ s: String, _ r: inout SplitMix) -> String {
        var c = Array(s)
        let i = r.below(c.count)
        switch r.below(5) {
        case 0: c[i] = r.pick(Array("0123456789.:/-_%AaZ~é"))
        case 1: c.insert(r.pick(Array("0123456789.:/-_%A")), at: i)
        case 2: c.remove(at: i)
        case 3: c.append(contentsOf: r.pick(["/", "?17=2030", "#x", "/21/1", "/10/A", "/22/x", ".1", "0", "%41"]))
        default:
            let s = String(c)
            return r.pick([
                s.replacingOccurrences(of: "https://id.gs1.org/", with: "http://id.gs1.org/"),
                s.replacingOccurrences(of: "https://id.gs1.org/", with: "https://example.com/"),
                s.replacingOccurrences(of: "https://", with: "HTTPS://"),
                s.replacingOccurrences(of: "urn:epc:", with: "urn:EPC:"),
                s.replacingOccurrences(of: "/01/", with: "/gtin/")
            ])
        }
        return String(c)
    }

    @Test func answersAsTheFullParseDoesOnValidIdentifiersAndNearMisses() {
        var r = SplitMix(seed: 2026_1122)
        var covered = 0, mutated = 0, mutatedCovered = 0
        for _ in 0..<20_000 {
            let s = Self.identifier(&r)
            if Self.check(s) { covered += 1 }
            for _ in 0..<3 {
                let m = Self.mutate(s, &r)
                mutated += 1
                if Self.check(m) { mutatedCovered += 1 }
            }
        }
        // Most valid identifiers take the fast path (not all: wild values and some lengths are left to the
        // full parse), and so do some mutations (those that stay valid), so neither half can pass by answering nil.
        #expect(covered > 12_000, "fast path taken for \(covered) of 20,000 identifiers")
        #expect(mutatedCovered > 1_000, "fast path taken for \(mutatedCovered) of \(mutated) mutations")
    }

    @Test func theFixturesSpellingsAgree() {
        let examples = [
            "urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:class:lgtin:4012345.012345.998877",
            "urn:epc:id:sgln:0614141.07346.1234", "urn:epc:id:sgln:0614141.00777.0", "urn:epc:id:sgln:4012345.00001.0",
            "urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/01/09521234543213/21/4711",
            "https://id.gs1.org/414/4012345000016", "https://id.gs1.org/00/106141412345678908",
            "https://id.gs1.org/01/04012345111118/10/Lot987", "urn:epc:id:sgln:061414.123456.0"
        ]
        for s in examples { #expect(Self.check(s), "\(s) should take the fast path") }
        // Left to the full parse: escapes, other hosts, schemes without a fast form, and errors.
        for s in [
            "urn:epc:id:sgtin:0614141.107346.20%2F17", "https://example.com/01/09521234543213/21/4711",
            "urn:epc:id:grai:0614141.12345.400", "urn:epc:id:sgtin:0614141.107346.123456789012345678901",
            "https://id.gs1.org/01/09521234543214/21/4711", "urn:epc:id:sgtin:061414.107346.1"
        ] {
            #expect(FastCanonicalIdentifier.canonical(s) == nil, "\(s)")
        }
    }
}

extension SplitMix {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(below(10))) }) }
    mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
}

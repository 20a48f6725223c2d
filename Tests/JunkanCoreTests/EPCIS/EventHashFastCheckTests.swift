import Testing

@testable import JunkanCore

/// The hand-written matchers in front of the reference's regular expressions must agree with them
/// exactly: checked on valid identifiers and on many single-character mutations of them.
@Suite struct EventHashFastCheckTests {
    static let seeds = [
        "urn:epc:id:sgtin:4012345.011111.9876", "urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:012345678901.0.A%2F1",
        "urn:epc:class:lgtin:4012345.012345.998877", "urn:epc:id:sgln:4012345.00005.0", "urn:epc:id:sgln:012345678901..x%7A",
        "urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/01/04012345111118/21/9876", "https://id.gs1.org/01/04012345111118",
        "https://id.gs1.org/01/04012345123456/10/L-1.2", "https://id.gs1.org/414/4012345000054/254/400", "https://id.gs1.org/00/106141412345678908",
        "https://id.gs1.org/417/4012345000009", "https://example.com/01/04012345111118/21/1?x=y", "https://ref.gs1.org/cbv/BizStep-shipping",
        "https://id.gs1.org/01/04012345111118/22/A/10/1/21/2", "urn:epc:id:sgtin:4012345.011111.a!b(c)*+,:;='-_.%25",
        "urn:epc:class:lgtin:012345678901.1.(L):7", "urn:epc:id:sgln:0614141.12345.k*1", "urn:epc:id:sscc:012345678901.12345", "urn:epc:id:pgln:0614141.00001",
        "urn:epc:id:pgln:012345678901.",
        "https://ref.gs1.org/cbv/BTT-desadv", "https://example.com/abcdefghij",
        // Key segments of every length (2 to 5 characters), after other segments, for mayBeDigitalLink's segment scan.
        "https://example.com/gsrnp/123456789012345678", "https://example.com/a/party/4012345000009", "http://h/x/00/1234",
        "https://example.com/shop/8006/123456789012345678", "https://h.example/q/giai/4012345ABC", "http:/abcdefghij", "https://u@h:1/A_b-cdefghi",
        "2989", "-0", "007", "123456789012345", "1234567890123456", "-5000", " 12.50 ", "-1e5", "+0.000", "inf", "NaN", "1_000", "eventTime",
        "sensorTimeOffset", "ıtime", "+05:30", "2025-02-01T23:17:15+05:30", "-Infinity", "+nan", "1e-5", "-.5e+3", "12-AB", "1_2.3_4E+0_1"
    ]
    static let alphabet = Array("0123456789.%/:?#-_!'()*+,;=aAzZfF2 é\n")

    static func mutations(_ s: String) -> [String] {
        let c = Array(s)
        var out = [s]
        var rng = SplitMix(seed: UInt64(s.utf8.count))
        for _ in 0..<300 {
            var m = c
            let i = Int(rng.next() % UInt64(m.count))
            switch rng.next() % 3 {
            case 0: m[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
            case 1: m.remove(at: i)
            default: m.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
            }
            out.append(String(m))
        }
        return out
    }

    @Test(arguments: seeds)
    func fastMatchersAgreeWithThePatterns(seed: String) {
        typealias D = EventHashDigitalLink
        for s in Self.mutations(seed) {
            #expect(
                D.fastEPC(s, prefix: "urn:epc:id:sgtin:", total: 13, maxTokens: 20) == D.sgtin.matches(s) || s.unicodeScalars.contains { !$0.isASCII }, "\(s)")
            #expect(
                D.fastEPC(s, prefix: "urn:epc:class:lgtin:", total: 13, maxTokens: 20) == D.lgtin.matches(s) || s.unicodeScalars.contains { !$0.isASCII },
                "\(s)")
            #expect(
                D.fastEPC(s, prefix: "urn:epc:id:sgln:", total: 12, maxTokens: 20) == D.sgln.matches(s) || s.unicodeScalars.contains { !$0.isASCII }, "\(s)")
            #expect(D.fastSSCC(s) == D.sscc.matches(s) || s.unicodeScalars.contains { !$0.isASCII }, "\(s)")
            #expect(D.fastPGLN(s) == D.pgln.matches(s) || s.unicodeScalars.contains { !$0.isASCII }, "\(s)")
            if D.isCanonicalOutput(s) { #expect(D.digitalLinkURIByPatterns(s) == s, "\(s)") }
            if !D.mayBeDigitalLink(s) { #expect(!D.digitalLink.matches(s), "\(s)") }
        }
    }
}

/// The byte-level shortcuts in front of the reference-shaped code give its results exactly.
@Suite struct EventHashShortcutTests {
    @Test(arguments: EventHashFastCheckTests.seeds)
    func shortcutsAgreeWithTheFullPaths(seed: String) {
        for s in EventHashFastCheckTests.mutations(seed) {
            if let fast = EventHashDigitalLink.fastEPCURI(s) { #expect(fast == EventHashDigitalLink.epcURI(PyStr(s)), "\(s)") }
            #expect(PythonString.strip(s) == PythonString.stripScalars(s), "\(s)")
            #expect(PythonNumber.parseFloat(s).map(String.init(describing:)) == PythonNumber.parseFloatFully(s).map(String.init(describing:)), "\(s)")
            if PythonNumber.isShortInteger(s) {
                // The integer shortcut in formatNumeric gives what the float() path gives.
                guard case .finite(let value, let digits)? = PythonNumber.parseFloatFully(s), value.rounded(.towardZero) == value, let digits else {
                    Issue.record("\(s) is no exact integer to float()"); continue
                }
                #expect(PythonNumber.integerString(s) == PythonNumber.integerString(digits), "\(s)")
            }
            let lower = s.lowercased()
            #expect(PreHashBuilder.isTimeField(s) == (lower.contains("time") && !lower.contains("offset")), "\(s)")
        }
    }

    @Test func webVocabularyReplacesEachKindAsTheReferenceDoes() {
        let texts = [
            "urn:epcglobal:cbv:bizstep:shipping", "urn:epcglobal:cbv:disp:in_progress", "x urn:epcglobal:cbv:btt:po y urn:epcglobal:cbv:sdt:owning_party",
            "urn:epcglobal:cbv:er:incorrect_data", "urn:epcglobal:cbv:urn:epcglobal:cbv:bizstep:x", "urn:epcglobal:cbv:other:1",
            "urn:epcglobal:cbv:bizstep:", "é urn:epcglobal:cbv:disp:é", "no vocabulary here"
        ]
        for t in texts {
            // What the reference does: str.replace of each kind in turn.
            var expected = t
            for (urn, web) in EventHashValues.webPrefixes {
                expected = expected.replacingAll(String(decoding: urn, as: UTF8.self), with: String(decoding: web, as: UTF8.self))
            }
            #expect(EventHashValues.webVocabulary(t) == expected, "\(t)")
        }
        #expect(EventHashValues.webVocabulary("urn:epcglobal:cbv:bizstep:shipping") == "https://ref.gs1.org/cbv/BizStep-shipping")
    }

    @Test func theFastEPCPathIsTakenForTheCommonSchemes() {
        for s in [
            "urn:epc:id:sgtin:4012345.011111.9876", "urn:epc:class:lgtin:4012345.012345.998877", "urn:epc:id:sgln:4012345.00005.0",
            "urn:epc:id:sgln:4012345.00005.x", "urn:epc:id:sscc:0614141.1234567890", "urn:epc:id:pgln:4012345.00000"
        ] {
            let fast = EventHashDigitalLink.fastEPCURI(s)
            #expect(fast != nil && fast == EventHashDigitalLink.epcURI(PyStr(s)), "\(s)")
        }
        #expect(EventHashDigitalLink.fastEPCURI("urn:epc:id:sgln:4012345.00005.0") == "https://id.gs1.org/414/4012345000054")
        #expect(EventHashDigitalLink.fastEPCURI("urn:epc:id:sgtin:4012345.011111.a*b") == "https://id.gs1.org/01/04012345111118/21/a%2Ab")
        #expect(EventHashDigitalLink.fastEPCURI("urn:epc:id:sgln:4012345.00005.7:1") == "https://id.gs1.org/414/4012345000054/254/7%3A1")
        #expect(EventHashDigitalLink.fastEPCURI("urn:epc:id:sscc:0614141.1234567890") == "https://id.gs1.org/00/106141412345678908")
        #expect(EventHashDigitalLink.fastEPCURI("urn:epc:id:pgln:4012345.00000") == "https://id.gs1.org/417/4012345000009")
    }

    /// Links already in the reference's output form are recognised without its patterns (and the rest are not).
    @Test func canonicalLinksAreRecognisedInPlace() {
        for s in [
            "https://id.gs1.org/01/04012345111118", "https://id.gs1.org/01/04012345111118/21/9876", "https://id.gs1.org/01/04012345123456/10/L-1.2",
            "https://id.gs1.org/414/4012345000054", "https://id.gs1.org/414/4012345000054/254/400", "https://id.gs1.org/417/4012345000009",
            "https://id.gs1.org/00/106141412345678908", "https://id.gs1.org/01/04012345111118/21/12345678901234567890"
        ] {
            #expect(EventHashDigitalLink.isCanonicalOutput(s), "\(s)")
        }
        for s in [
            "https://id.gs1.org/01/04012345111118/", "https://id.gs1.org/01/04012345111118/21", "https://id.gs1.org/01/04012345111118/21/",
            "https://id.gs1.org/01/0401234511111/21/1", "https://id.gs1.org/01/04012345111118/22/1", "https://id.gs1.org/414/4012345000054/21/1",
            "https://id.gs1.org/417/4012345000009/254/1", "https://id.gs1.org/00/106141412345678908/21/1", "https://id.gs1.org/01/04012345111118/21/1/x",
            "https://id.gs1.org/01/04012345111118/21/123456789012345678901", "https://id.gs1.org/01/04012345111118/21/a?b", "https://id.gs1.org/8006/1",
            "https://id.gs1.org/", "https://id.gs1.org/01", "https://id.gs1.org/01/", "https://example.org/01/04012345111118"
        ] {
            #expect(!EventHashDigitalLink.isCanonicalOutput(s), "\(s)")
        }
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Testing

@testable import JunkanCore

/// Pointers are built a member at a time by the decoders and read only when an error is reported.
@Suite struct JSONPointerTests {
    @Test func appendingGivesTheTokensAndTextOfRFC6901() {
        let built = JSONPointer.root.appending("epcisBody").appending("eventList").appending(3).appending("a/b~c")
        #expect(built.tokens == ["epcisBody", "eventList", "3", "a/b~c"])
        #expect(built.description == "/epcisBody/eventList/3/a~1b~0c")
        #expect(built == JSONPointer(["epcisBody", "eventList", "3", "a/b~c"]))
        #expect(built.hashValue == JSONPointer(["epcisBody", "eventList", "3", "a/b~c"]).hashValue)
        #expect(JSONPointer.root.tokens.isEmpty && JSONPointer.root.description.isEmpty)
        #expect(JSONPointer.root.appending("").description == "/")
    }

    @Test func pointersThatShareAParentStayApart() {
        let list = JSONPointer(["epcList"])
        let first = list.appending(0), second = list.appending(1)
        #expect(first.description == "/epcList/0" && second.description == "/epcList/1" && list.description == "/epcList")
        #expect(first != second)
        #expect(Set([first, second, list.appending(0)]).count == 2)
    }
}

/// The URI check reads the scheme as bytes; it must accept exactly what the Character-based rule did.
@Suite struct URISchemeCheckTests {
    /// The rule as it was written on Characters.
    static func characterRule(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex,
            s[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }),
            s.first!.isLetter
        else { return false }
        return true
    }

    @Test func bytesAgreeWithCharacters() {
        let samples = [
            "urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/09506000134352", "a:", ":a", "", "a", "1a:b",
            "a1+-.:x", "a_b:c", "é:x", "e\u{301}x:y", "A:B", "Z9:", "a b:c", "ab", "@:x", "[:x", "`:x", "{:x", "a:é", "ab.c+d-e:f:g",
            "\u{0}:x", "a\u{0}:x", "ﬁ:x", "Ａ:x"
        ]
        for s in samples {
            #expect(EPCISEventDecoder.hasScheme(s) == Self.characterRule(s), "\(s.debugDescription)")
        }
        // Every one- and two-byte ASCII prefix before a colon.
        for a in 0..<128 {
            for b in [0x41, 0x61, 0x30, 0x2B, 0x2D, 0x2E, 0x5F, 0x3A, a] {
                let s = String(decoding: [UInt8(a), UInt8(b), 0x3A, 0x78], as: UTF8.self)
                #expect(EPCISEventDecoder.hasScheme(s) == Self.characterRule(s), "\(s.debugDescription)")
            }
        }
    }
}

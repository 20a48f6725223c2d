import Testing

@testable import JunkanCore

@Suite struct JSONWriterTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let s = "a\"b\\c\n\r\t\u{08}\u{0C}\u{00}\u{1F}\u{7F}é😀/"
        #expect(JSONWriter.string(.string(s)) == #""a\"b\\c\n\r\t\b\f\u0000\u001f"# + "\u{7F}é😀/\"")
        #expect(JSONWriter.string(.string("")) == #""""#)
        #expect(JSONWriter.string(.string("\n")) == #""\n""#)
    }

    @Test func everyControlCharacterReadsBack() throws {
        let all = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "ü€😀"
        let text = JSONWriter.string(.object(JSONObject([(all, .string(all))])))
        #expect(try JSONParser.parse(text) == .object(JSONObject([(all, .string(all))])))
        #expect(!text.utf8.contains(where: { $0 < 0x20 }))
    }

    @Test func sortedAndPrettyForms() throws {
        let v = try JSONParser.parse(#"{"b": [1, {"z": null, "é": true}], "a": {}, "c": [], "B": -0.5e3}"#)
        #expect(JSONWriter.string(v) == #"{"b":[1,{"z":null,"é":true}],"a":{},"c":[],"B":-0.5e3}"#)
        #expect(JSONWriter.string(v, sortedKeys: true) == #"{"B":-0.5e3,"a":{},"b":[1,{"z":null,"é":true}],"c":[]}"#)
        #expect(
            JSONWriter.string(v, pretty: true) == """
                {
                  "b": [
                    1,
                    {
                      "z": null,
                      "é": true
                    }
                  ],
                  "a": {},
                  "c": [],
                  "B": -0.5e3
                }
                """)
        #expect(JSONWriter.bytes(v) == Array(JSONWriter.string(v).utf8))
    }
}

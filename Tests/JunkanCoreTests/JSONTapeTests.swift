import JunkanTestSupport
import Testing

@testable import JunkanCore

/// The flat parse accepts exactly what `JSONParser` accepts, and reads back as the same values.
@Suite struct JSONTapeTests {
    /// Written back, the tape's value is the parser's value byte for byte (member order and number literals kept).
    static func readsAsTheParser(_ bytes: [UInt8]) throws -> Bool {
        let parsed = try JSONParser.parse(bytes)
        guard let tape = JSONTape.parse(bytes) else { return false }
        return JSONWriter.string(tape.value(tape.root)) == JSONWriter.string(parsed)
    }

    @Test func fixtureDocumentsReadAsTheParserReadsThem() throws {
        let documents = EventHashDirectTests.documents
        #expect(documents.count >= 40)
        for document in documents {
            #expect(try Self.readsAsTheParser(Array(try Fixtures.data(document))), "\(document)")
        }
    }

    @Test(arguments: [
        #"{"a": "esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 end", "b": [1, -0.5e+3, 0, true, false, null, {}, []]}"#,
        "\u{FEFF}[1]", "  \"é ü 😀\"  ", "[[[[]]]]", #"{"k\u0041y": 1, "kAz": 2}"#, "-0", "1E5"
    ])
    func validTextReadsAsTheParserReadsIt(text: String) throws {
        #expect(try Self.readsAsTheParser(Array(text.utf8)))
    }

    @Test func longListsAndTheirEscapesReadAsTheParserReadsThem() throws {
        for count in [0, 1, 300, 3000] {
            #expect(try Self.readsAsTheParser(Array(JSONParserParallelTests.document(count: count).utf8)), "\(count) elements")
        }
    }

    /// Everything `JSONParser` refuses, the tape refuses (the caller then reports the parser's error).
    @Test(arguments: [
        #"{"a": tru}"#, #"{"a": 1,}"#, #"{"a": "unterminated}"#, #"{"a": [1, 2}"#, #"{"a": 1} {"b": 2}"#, "", "   ", #"{"a": "\x"}"#,
        #"{"a": 1, "a": 2}"#, #"{"a\u0062": 1, "ab": 2}"#, #"]"#, #"{"a": 01}"#, "{\"a\": \"tab\there\"}", #"["\ud800"]"#, #"["\udc00x"]"#,
        #"["\ud800\u0041"]"#, #"[1.]"#, #"[.5]"#, #"[1e]"#, #"[-]"#, #"{"a" 1}"#, #"{1: 2}"#, "[1 2]", #"["\u12G4"]"#, "nul", "[,1]"
    ])
    func invalidTextIsRefusedByBoth(text: String) {
        let bytes = Array(text.utf8)
        #expect(JSONTape.parse(bytes) == nil)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
    }

    /// Long lists are built on all cores: a fault in any element, first, middle or last, is still a refusal.
    @Test func aFaultInAnyElementOfALongListIsRefused() {
        for broken in [#"{"a": tru}"#, #"{"a": 1, "a": 2}"#, #"{"a": "\x"}"#, String(repeating: "[", count: 70) + String(repeating: "]", count: 70)] {
            for index in [0, 300, 599] {
                let bytes = Array(JSONParserParallelTests.document(count: 600, replacing: index, with: broken).utf8)
                #expect(JSONTape.parse(bytes) == nil, "\(broken) at \(index)")
                #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
            }
        }
    }

    @Test func invalidUTF8AndNestingPastTheLimitAreRefused() {
        for bytes: [UInt8] in [[0x22, 0xC3, 0x28, 0x22], [0x22, 0xFF, 0x22], [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]] {
            #expect(JSONTape.parse(bytes) == nil)
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
        }
        let deep = Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8)
        #expect(JSONTape.parse(deep) == nil)
        let limit = Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)
        #expect(JSONTape.parse(limit) != nil)
        #expect(throws: Never.self) { try JSONParser.parse(limit) }
    }

    @Test func memberNamesAreInternedOncePerDocument() throws {
        let tape = try #require(JSONTape.parse(Array(JSONParserParallelTests.document(count: 300).utf8)))
        #expect(tape.names.count == Set(tape.names).count)
        #expect(tape.names.contains("epcList") && tape.names.count < 20)
    }
}

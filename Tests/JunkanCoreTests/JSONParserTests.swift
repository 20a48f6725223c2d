import Testing

@testable import JunkanCore

@Suite struct JSONParserTests {
    @Test func keepsNumberLiteralsAndMemberOrder() throws {
        let v = try JSONParser.parse(#"{"b": 26.0, "a": 1e5, "c": [true, null, "\u00e9\ud83d\ude00"]}"#)
        #expect(v.objectValue?.keys == ["b", "a", "c"])
        #expect(JSONWriter.string(v) == #"{"b":26.0,"a":1e5,"c":[true,null,"é😀"]}"#)
    }

    @Test func reportsLineAndColumn() {
        #expect(throws: JSONSyntaxError(reason: "expected ',' or '}' in an object", offset: 11, line: 2, column: 4)) {
            try JSONParser.parse("{\"a\": 1\n   x}")
        }
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\u{01}\"", "tru", "[1] 2", "\"\\ud800\"", "{\"a\":1,\"a\":2}"])
    func rejectsMalformedInput(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    /// Small objects are checked for repeated names by a scan, larger ones by a set: both must refuse a repeat,
    /// wherever it is, and say which name.
    @Test(arguments: [(5, 2), (16, 3), (17, 0), (30, 1), (30, 28)])
    func refusesARepeatedNameInObjectsOfAnySize(members: Int, repeated: Int) {
        var names = (0..<members).map { "k\($0)" }
        names.append("k\(repeated)")
        let text = "{" + names.map { "\"\($0)\": 1" }.joined(separator: ", ") + "}"
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        do { _ = try JSONParser.parse(text) } catch { #expect(error.reason == "duplicate member name \"k\(repeated)\"") }
        let distinct = "{" + (0..<(members + 1)).map { "\"k\($0)\": 1" }.joined(separator: ", ") + "}"
        #expect(throws: Never.self) { try JSONParser.parse(distinct) }
    }

    @Test func stringsWithAndWithoutEscapesReadTheSame() throws {
        let v = try JSONParser.parse(#"["plain", "tab\there", "\u00e9t\u00e9", "é直", "a\"b", ""]"#)
        #expect(v == ["plain", "tab\there", "été", "é直", "a\"b", ""])
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[\"a\nb\"]") }
    }

    @Test func boundsNesting() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(String(repeating: "[", count: 65) + String(repeating: "]", count: 65)) }
        #expect(throws: Never.self) { try JSONParser.parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) }
    }

    /// Invalid UTF-8 (a stray byte, a truncated sequence, an overlong form, an encoded surrogate) after ASCII text, in
    /// a value and in a member name. The parser takes all-ASCII strings without validating them, so the check for
    /// the others must still run, wherever the bad byte sits.
    @Test(arguments: [[0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE6, 0x97], [0xF4, 0x90, 0x80, 0x80]] as [[UInt8]])
    func rejectsInvalidUTF8(bad: [UInt8]) throws {
        let ascii = Array("lot-42 ".utf8)
        for text in [
            [0x22] + bad + [0x22], [0x22] + ascii + bad + [0x22], Array("{\"".utf8) + ascii + bad + Array("\": 1}".utf8),
            Array("[\"x\\n".utf8) + bad + Array("\"]".utf8)
        ] {
            var reason: String?
            do throws(JSONSyntaxError) { _ = try JSONParser.parse(text) } catch { reason = error.reason }
            #expect(reason == "string is not valid UTF-8", "\(text)")
        }
        // The same text with a valid sequence in place of the bad one reads as that text.
        let good = [0x22] + ascii + Array("é直😀".utf8) + [0x22]
        #expect(try JSONParser.parse(good) == .string("lot-42 é直😀"))
    }
}

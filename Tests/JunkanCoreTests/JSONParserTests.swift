@testable import JunkanCore
import Testing

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

    @Test func boundsNesting() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(String(repeating: "[", count: 65) + String(repeating: "]", count: 65)) }
        #expect(throws: Never.self) { try JSONParser.parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }
}

import Testing

@testable import JunkanCore

/// Long arrays are parsed on all cores: the result, and for invalid input the error and its position,
/// are those of the sequential parse.
@Suite struct JSONParserParallelTests {
    /// A document whose list has `count` elements with strings holding brackets, commas, quotes and escapes.
    static func document(count: Int, replacing index: Int? = nil, with broken: String = "") -> String {
        var events: [String] = []
        for k in 0..<count {
            if k == index { events.append(broken); continue }
            events.append(
                #"{"type": "ObjectEvent", "n": \#(k), "note": "a, [b] {c} \"d\" \\ e\u00e9", "epcList": ["x\#(k)", "y"], "q": [{"v": -1.5e3}, []], "ok": true, "none": null}"#
            )
        }
        return #"{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "epcisBody": {"eventList": [ "#
            + events.joined(separator: ",\n ") + " ]}}"
    }

    @Test(arguments: [0, 1, 255, 256, 257, 3000])
    func parallelParseEqualsTheSequentialParse(count: Int) throws {
        let bytes = Array(Self.document(count: count).utf8)
        let parallel = try JSONParser.parse(bytes, limits: .init(), parallel: true)
        let sequential = try JSONParser.parse(bytes, limits: .init(), parallel: false)
        #expect(parallel == sequential)
        #expect(parallel.objectValue?["epcisBody"]?.objectValue?["eventList"]?.arrayValue?.count == count)
    }

    @Test(arguments: [
        #"{"a": tru}"#, #"{"a": 1,}"#, #"{"a": "unterminated}"#, #"{"a": [1, 2}"#, #"{"a": 1} {"b": 2}"#, "", #"{"a": "\x"}"#,
        #"{"a": 1, "a": 2}"#, #"]"#, #"{"a": 01}"#, "{\"a\": \"tab\there\"}"
    ])
    func anInvalidElementReportsTheSequentialError(broken: String) {
        for index in [0, 300, 599] {
            let bytes = Array(Self.document(count: 600, replacing: index, with: broken).utf8)
            let parallel = Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes, limits: .init(), parallel: true) }
            let sequential = Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes, limits: .init(), parallel: false) }
            guard case .failure(let expected) = sequential else { Issue.record("\(broken) parsed"); continue }
            #expect(parallel == .failure(expected), "\(broken) at \(index)")
        }
    }

    @Test func nestingLimitsHoldInsideParallelElements() {
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        let bytes = Array(Self.document(count: 400, replacing: 200, with: deep).utf8)
        let parallel = Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes, limits: .init(), parallel: true) }
        let sequential = Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes, limits: .init(), parallel: false) }
        #expect(parallel == sequential)
        if case .success = parallel { Issue.record("nesting deeper than the limit was accepted") }
    }
}

import JunkanCore
import JunkanServer
import Testing

/// JSON Schema's `integer` is any number with a zero fraction: the range's ends are in it however they are written.
@Suite struct WholeNumberTests {
    func read(_ literal: String) throws -> Int {
        try WholeNumber.read(.number(JSONNumber(literal: literal)), at: "/depth", default: 20, max: 100)
    }

    @Test func theEndsOfTheRangeAreInItHoweverWritten() throws {
        for literal in ["100", "100.0", "1e2", "1.0E2"] { #expect(try read(literal) == 100, "\(literal)") }
        for literal in ["0", "-0", "0.0", "-0.0"] { #expect(try read(literal) == 0, "\(literal)") }
        #expect(try WholeNumber.read(nil, at: "/depth", default: 20, max: 100) == 20)
        for literal in ["101", "100.5", "1e3", "-1", "0.5"] {
            #expect(throws: Problem.self, "\(literal)") { try read(literal) }
        }
        #expect(throws: Problem.self) { try WholeNumber.read(.string("5"), at: "/depth", default: 20, max: 100) }
    }
}

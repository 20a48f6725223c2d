import JunkanCore
import Testing

@Suite struct PolymerCodeTests {
    @Test(arguments: [
        ("PP", "PP"), ("PE-HD", "PE-HD"), ("HDPE", "PE-HD"), ("PC+ABS", "PC+ABS"), ("PC/ABS", "PC+ABS"), (">PC+ABS<", "PC+ABS"),
        ("PA66-GF30", "PA66-GF30"), ("PP-(GF10+MD15)", "PP-(GF10+MD15)"), ("PP-H", "PP-H"), ("PE-HD-GF20", "PE-HD-GF20"),
        ("PA 6", "PA6"), ("PS-HI", "PS-HI"), ("PP-TD20", "PP-TD20")
    ])
    func parsesToCanonicalCodes(input: String, canonical: String) throws {
        #expect(try PolymerCode.parse(input).description == canonical)
    }

    @Test func readsBlendsAndFillers() throws {
        let c = try PolymerCode.parse("PA66-(GF25+MD15)")
        #expect(c.polymers == ["PA66"])
        #expect(c.fillers.map(\.description) == ["GF25", "MD15"])
        #expect(try PolymerCode.parse("PC+ABS").polymers == ["PC", "ABS"])
    }

    @Test(arguments: [
        ("PPX", "not an ISO 1043-1 polymer symbol"), ("PP-G", "not an ISO 1043-2 filler"), ("PP-T20", "second letter"), ("PP-GF30+MD10", "brackets"),
        ("PP+PP", "twice"), ("PP-(GF60+MD50)", "no polymer"), ("", "empty"), ("PP-YF30", "first letter"), ("PA66-GF30x", "whole mass percent")
    ])
    func rejectsInvalidCodesSayingWhy(input: String, reason: String) {
        #expect {
            try PolymerCode.parse(input)
        } throws: { error in
            (error as? MaterialError)?.reason.contains(reason) ?? false
        }
    }

    @Test func aFamilyRequestAdmitsItsModifiersButNotFilledGrades() throws {
        let pp = try PolymerCode.parse("PP")
        #expect(pp.admits(try PolymerCode.parse("PP-H")))
        #expect(pp.admits(try PolymerCode.parse("PP-B")))
        #expect(!pp.admits(try PolymerCode.parse("PP-GF30")))
        #expect(!(try PolymerCode.parse("PP-H")).admits(pp))
        #expect(!pp.admits(try PolymerCode.parse("PE")))
    }
}

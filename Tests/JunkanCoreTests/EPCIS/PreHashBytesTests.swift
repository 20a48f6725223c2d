import Testing

@testable import JunkanCore

/// The byte buffer the direct pre-hash writes into: a group's parts come out as `HashNode.sortedStrings` then
/// `joined()` gave them, nested groups included.
@Suite struct PreHashBytesTests {
    /// Writes `parts` as one group.
    static func group(_ parts: [String], into out: inout PreHashBytes) {
        let group = out.beginGroup()
        for p in parts {
            out.beginPart()
            out.append(p)
        }
        out.endGroup(group)
    }

    /// `parts` as one group after `head`.
    static func written(_ head: String, _ parts: [String]) -> String {
        var out = PreHashBytes()
        out.append(head)
        group(parts, into: &out)
        return out.string
    }

    @Test(arguments: [
        [], ["b"], ["b", "a"], ["a", "b"], ["epc=3", "epc=1", "epc=2"], ["ab", "a", "", "b", ""], ["x", "x"],
        ["é", "z", "e", "Z", "日本", "\u{10000}", "\u{FFFF}"], ["a=1", "a", "a=10", "a=1/"]
    ])
    func aGroupIsInPythonOrder(parts: [String]) {
        #expect(Self.written("head", parts) == "head" + HashNode.sortedStrings(parts).joined())
    }

    @Test func nestedGroupsAreSortedInsideTheirPart() {
        var out = PreHashBytes()
        let outer = out.beginGroup()
        for (name, inner) in [("q", ["3", "1"]), ("p", ["z", "y"]), ("q", ["0"])] {
            out.beginPart()
            out.append(name)
            Self.group(inner, into: &out)
        }
        out.endGroup(outer)
        #expect(out.string == HashNode.sortedStrings(["q13", "pyz", "q0"]).joined())
        #expect(out.string == "pyzq0q13")
    }

    @Test func aTruncatedPartLeavesNothing() {
        var out = PreHashBytes()
        out.append("list")
        let group = out.beginGroup()
        out.beginPart()
        let start = out.count
        out.append("empty")
        out.truncate(to: start)
        out.beginPart()
        out.append("b")
        out.beginPart()
        out.append("a")
        out.endGroup(group)
        #expect(out.string == "listab")
    }
}

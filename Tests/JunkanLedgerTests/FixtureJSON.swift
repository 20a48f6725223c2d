import Foundation
import JunkanCore
import JunkanLedger
import JunkanTestSupport

/// Reading the tlog fixtures: Go `[]byte` fields are padded base64, `null` is empty.
extension JSONObject {
    func uint(_ key: String) -> UInt64? { self[key]?.numberValue.flatMap { UInt64($0.literal) } }
    func bytes(_ key: String) -> [UInt8]? { self[key]?.stringValue.flatMap { Data(base64Encoded: $0) }.map(Array.init) }
    func byteList(_ key: String) -> [[UInt8]]? {
        if case .null = self[key] ?? .null { return [] }
        return self[key]?.arrayValue?.map { $0.stringValue.flatMap { Data(base64Encoded: $0) }.map(Array.init) ?? [] }
    }
    func hexList(_ key: String) -> [TreeHash] {
        (self[key]?.arrayValue ?? []).map { try! TreeHash(hexBytes($0.stringValue!)) }
    }
}

func hexBytes(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        out.append(UInt8(s[i..<j], radix: 16)!)
        i = j
    }
    return out
}

func tlogFixture(_ path: String) throws -> JSONObject {
    try Fixtures.json("tlog/" + path).objectValue!
}

import Foundation
import Hummingbird
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// openapi.yaml describes exactly the routes the router serves: no route undocumented, none documented
/// that does not exist. (Its validity as OpenAPI 3.1 is checked in scripts/test.sh.)
@Suite struct OpenAPIDocumentTests {
    /// "METHOD /path" for every operation under `paths:` (two-space path keys, four-space method keys).
    static func documentedOperations() throws -> Set<String> {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: packageRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var inPaths = false
        var path = ""
        var out = Set<String>()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if methods.contains(String(key)) { out.insert(key.uppercased() + " " + path) }
            }
        }
        return out
    }

    @Test(.temporaryStore) func documentsExactlyTheRoutesServed() throws {
        let tmp = try TemporaryStore.forTest()
        // A catch-all route (`**`) is documented as one templated path per form it serves: the tile path as one
        // parameter, each Digital Link form (/01/{gtin}, …/10/{lot}, …/21/{serial}, /414/{gln}, …/254/{extension}) with its own typed
        // parameters.
        let served = Set(buildRouter(store: tmp.store).routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = Set(
            try Self.documentedOperations().map { op in
                for (form, route) in [
                    ("/tlog/tile/{tilePath}", "/tlog/tile/**"), ("/mirror/{id}/tile/{tilePath}", "/mirror/{id}/tile/**"),
                    ("/passports/01/{gtin}", "/passports/01/**"), ("/01/{gtin}", "/01/**"), ("/414/{gln}", "/414/**")
                ] {
                    if let r = op.range(of: " " + form) { return op[..<r.lowerBound] + " " + route }
                }
                return op
            })
        #expect(!served.isEmpty)
        #expect(served.subtracting(documented).isEmpty, "served but not in openapi.yaml: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "in openapi.yaml but not served: \(documented.subtracting(served).sorted())")
    }
}

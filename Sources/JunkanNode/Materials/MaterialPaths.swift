import Foundation
import JunkanCore
package import JunkanStore

/// Where each materials record lives in the API (for `Location` headers and links in pages).
package enum MaterialPaths {
    package static func path(_ kind: MaterialRecord.Kind, _ id: String) -> String {
        switch kind {
        case .grade: "/materials/grades/" + PercentEncoding.encode(id)
        case .request: "/materials/requests/" + PercentEncoding.encode(id)
        case .lot: "/materials/lots" + (id.range(of: "/01/").map { String(id[$0.lowerBound...]) } ?? "/" + PercentEncoding.encode(id))
        }
    }

    /// A lot's path mirrors its Digital Link: `/materials/lots/01/{gtin}/10/{lot}`.
    package static func lot(_ id: String) -> String { path(.lot, id) }
}

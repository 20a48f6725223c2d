import Foundation
import JunkanNode
import Testing

/// Ouranos UUIDs are derived, not stored: the same thing always has the same one, different things different ones,
/// each a valid RFC 9562 UUID (version 8, the variant bits 10).
struct OuranosIDsTests {
    @Test func derivedUUIDsAreStableValidAndDistinct() {
        let a = OuranosIDs.traceID("https://id.gs1.org/01/04512345123459/10/L1")
        #expect(a == OuranosIDs.traceID("https://id.gs1.org/01/04512345123459/10/L1"))
        #expect(a != OuranosIDs.traceID("https://id.gs1.org/01/04512345123459/10/L2"))
        #expect(OuranosIDs.operatorID("org-1") != OuranosIDs.plantID("org-1"), "the kind is part of the name")
        for id in [a, OuranosIDs.operatorID("org-1"), OuranosIDs.plantID("4512345000016")] {
            #expect(UUID(uuidString: id) != nil && id == id.lowercased())
            let chars = Array(id)
            #expect(chars[14] == "8" && "89ab".contains(chars[19]), "\(id)")
        }
    }
}

import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// `ProductStore` and `OwnershipStore`: product classes only their owner replaces, every write raising the revision;
/// prefixes that never nest, grants only of what the grantor owns.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func aProductClassIsReplacedOnlyByItsOwnerAndEveryWriteRaisesTheRevision(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let gtin = "04912345000019"
            #expect(try await store.productsRevision() == 0)
            #expect(try await store.putProduct(ProductRecord(gtin: gtin, owner: "a", json: "{}", updatedAt: 1)) == .created)
            #expect(try await store.putProduct(ProductRecord(gtin: gtin, owner: "a", json: "{\"v\":2}", updatedAt: 2)) == .replaced)
            #expect(try await store.putProduct(ProductRecord(gtin: gtin, owner: "b", json: "{\"v\":3}", updatedAt: 3)) == .notOwner(owner: "a"))
            #expect(try await store.product(gtin: gtin) == ProductRecord(gtin: gtin, owner: "a", json: "{\"v\":2}", updatedAt: 2))
            #expect(try await store.product(gtin: "04912345000026") == nil)
            #expect(try await store.productsRevision() == 2)
            #expect(try await store.isAuthority(organisationID: "auth") == false)
            try await store.addAuthority(organisationID: "auth")
            #expect(try await store.isAuthority(organisationID: "auth"))
            #expect(try await store.productsRevision() == 3)
            let quiet = try await store.addOrganisation(name: "Quiet", tokenHash: TokenHash.sha256Hex("q"), key: .newHosted()).id
            #expect(try await store.organisationsNotNamedOnPassports().isEmpty)
            try await store.setNamedOnPassports(organisationID: quiet, false)
            #expect(try await store.organisationsNotNamedOnPassports() == [quiet])
            try await store.setNamedOnPassports(organisationID: quiet, true)
            #expect(try await store.organisationsNotNamedOnPassports().isEmpty)
            #expect(try await store.productsRevision() == 5)
        }
    }

    @Test(arguments: StoreBackend.available) func prefixesNeverNestAndGrantsAreOnlyOfWhatTheGrantorOwns(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let a = try await store.addOrganisation(name: "A", tokenHash: TokenHash.sha256Hex("a"), key: .newHosted()).id
            let b = try await store.addOrganisation(name: "B", tokenHash: TokenHash.sha256Hex("b"), key: .newHosted()).id
            await #expect(throws: OwnershipError.badPrefix("12x")) { try await store.addPrefix("12x", organisationID: a) }
            await #expect(throws: OwnershipError.unknownOrganisation("org-none")) { try await store.addPrefix("4912345", organisationID: "org-none") }
            try await store.addPrefix("4912345", organisationID: a)
            await #expect(throws: OwnershipError.prefixTaken(prefix: "49123456", by: a, registered: "4912345")) {
                try await store.addPrefix("49123456", organisationID: b)
            }
            await #expect(throws: OwnershipError.prefixTaken(prefix: "491234", by: a, registered: "4912345")) {
                try await store.addPrefix("491234", organisationID: b)
            }
            try await store.addPrefix("4598765", organisationID: b)
            let gtin = "04912345000019"
            await #expect(throws: OwnershipError.self) { try await store.addGrant(grantor: b, grantee: a, scope: .gtin(gtin)) }
            let grant = try await store.addGrant(grantor: a, grantee: b, scope: .gtin(gtin))
            let owned = try await store.identifierOwnership()
            #expect(Set(owned.registrations) == [.init(prefix: "4912345", organisationID: a), .init(prefix: "4598765", organisationID: b)])
            #expect(owned.grants == [grant])
            #expect(owned.speaksForOwner(organisationID: b, identifier: "https://id.gs1.org/01/\(gtin)/21/1"))
            #expect(try await store.removeGrant(id: grant.id, grantor: b) == false)
            #expect(try await store.removeGrant(id: grant.id, grantor: a))
            _ = try await store.addGrant(grantor: a, grantee: b, scope: .gtin(gtin))
            // Removing the prefix removes the grants made under it.
            #expect(try await store.removePrefix("4912345", organisationID: b) == false)
            #expect(try await store.removePrefix("4912345", organisationID: a))
            #expect(try await store.identifierOwnership().grants.isEmpty)
            #expect(try await store.ownershipConflicts().isEmpty)
        }
    }
}

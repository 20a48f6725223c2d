/// Product-class master data (one document per GTIN, `POST /products`) and the organisations this node treats as
/// market authorities (they see a passport's `authority` fields), and the organisations that chose not to be named on
/// passports. Every write raises the products revision, so a cached passport knows when it is stale.
public protocol ProductStore: Sendable {
    /// Creates or replaces the product class of `record.gtin`; only its owner may replace it.
    func putProduct(_ record: ProductRecord) async throws -> ProductWriteOutcome
    func product(gtin: String) async throws -> ProductRecord?
    func productsRevision() async throws -> Int64
    func addAuthority(organisationID: String) async throws
    func isAuthority(organisationID: String) async throws -> Bool
    /// An organisation's choice whether passports name it on the steps it records for others' products (default: named).
    func setNamedOnPassports(organisationID: String, _ named: Bool) async throws
    /// The organisations that chose not to be named on passports.
    func organisationsNotNamedOnPassports() async throws -> Set<String>
}

public struct ProductRecord: Sendable, Equatable {
    public var gtin: String
    public var owner: String
    public var json: String
    public var updatedAt: Int64
    public init(gtin: String, owner: String, json: String, updatedAt: Int64) {
        self.gtin = gtin; self.owner = owner; self.json = json; self.updatedAt = updatedAt
    }
}

public enum ProductWriteOutcome: Sendable, Equatable {
    case created, replaced
    case notOwner(owner: String)
}

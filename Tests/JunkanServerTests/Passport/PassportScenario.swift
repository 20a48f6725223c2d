import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanSQLite
import JunkanServer
import JunkanStore
import JunkanTestSupport

/// A small loop for passport tests, each step captured by its own organisation: a supplier commissions resin and
/// moulds housings at its plant; the maker assembles two notebooks and ships them; an authority is registered. Every
/// restricted value has a distinctive spelling, so a test can look for it in any public response.
struct PassportScenario {
    static let gtin = "04912345000071"
    static let item = "https://id.gs1.org/01/04912345000071/21/SER-0001"
    static let resin = "https://id.gs1.org/01/04912345000040/10/RESIN-LOT-77"
    static let parts = "https://id.gs1.org/01/04912345000064/10/HOUSING-LOT-55"
    static let supplierName = "Secret Supplier Kogyo"
    static let supplierSite = "https://id.gs1.org/414/4912345000101"
    static let supplierInBOM = "Hidden Moulding Partner GmbH"
    static let gradeName = "Confidential Grade X-917"
    static let makerToken = "maker-token", supplierToken = "supplier-token", authorityToken = "authority-token", strangerToken = "stranger-token"
    static let signer = try! NoteSigner(name: "passport.test/log", privateKey: .init())

    let tmp: TemporaryStore
    let maker: Organisation
    let supplier: Organisation
    let authority: Organisation

    static func make() async throws -> PassportScenario {
        let tmp = try await TemporaryStore()
        let supplier = try await tmp.organisation(supplierName, token: supplierToken)
        let maker = try await tmp.organisation("Brand Maker Inc.", token: makerToken)
        let authority = try await tmp.organisation("Market Authority", token: authorityToken)
        _ = try await tmp.organisation("Stranger", token: strangerToken)
        try await tmp.store.addAuthority(organisationID: authority.id)
        // The maker owns the prefix; the supplier makes its resin and housings under GTINs the maker granted it.
        try await tmp.store.addPrefix("4912345", organisationID: maker.id)
        for gtin in ["04912345000040", "04912345000064"] {
            _ = try await tmp.store.addGrant(grantor: maker.id, grantee: supplier.id, scope: .gtin(gtin))
        }
        let s = PassportScenario(tmp: tmp, maker: maker, supplier: supplier, authority: authority)
        try await s.capture(
            supplier,
            [
                [
                    "type": "ObjectEvent", "eventTime": "2024-05-10T09:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "ADD",
                    "bizStep": "commissioning", "bizLocation": ["id": .string(supplierSite)],
                    "quantityList": [["epcClass": .string(resin), "quantity": 1000, "uom": "KGM"]],
                    "ilmd": ["junkan:emissionFactor": 4.0, "junkan:recycledContent": ["preConsumer": 0, "postConsumer": 0.5]]
                ],
                [
                    "type": "TransformationEvent", "eventTime": "2024-06-01T09:00:00+09:00", "eventTimeZoneOffset": "+09:00",
                    "bizStep": "commissioning", "bizLocation": ["id": .string(supplierSite)],
                    "inputQuantityList": [["epcClass": .string(resin), "quantity": 100, "uom": "KGM"]],
                    "outputQuantityList": [["epcClass": .string(parts), "quantity": 100, "uom": "KGM"]], "junkan:ghgEmissions": 50
                ]
            ])
        try await s.capture(
            maker,
            [
                [
                    "type": "TransformationEvent", "eventTime": "2024-07-01T09:00:00+09:00", "eventTimeZoneOffset": "+09:00",
                    "bizStep": "assembling", "inputQuantityList": [["epcClass": .string(parts), "quantity": 1, "uom": "KGM"]],
                    "outputEPCList": [.string(item), "https://id.gs1.org/01/04912345000071/21/SER-0002"], "junkan:ghgEmissions": 2
                ],
                [
                    "type": "ObjectEvent", "eventTime": "2024-07-02T09:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "OBSERVE",
                    "bizStep": "shipping", "epcList": [.string(item)]
                ]
            ])
        _ = try await LogIntegrator(store: tmp.store, signer: signer).integrate()
        return s
    }

    func capture(_ org: Organisation, _ events: [JSONValue]) async throws {
        let outcome = try await CaptureService(store: tmp.store).capture(
            SampleEvents.document(events), organisation: org, behaviour: .rollback,
            jobID: UUID().uuidString)
        precondition(outcome.job.errors.isEmpty, "\(outcome.job.errors)")
    }

    static var productClass: JSONValue {
        [
            "gtin": .string(gtin), "name": "Test Notebook 13", "makerGLN": "4912345000125", "productType": "pc", "countryOfProduction": "JP",
            "parts": [
                [
                    "part": "Housing", "material": "PC+ABS", "grade": .string(gradeName), "massKg": 0.4, "lot": .string(parts),
                    "chainOfCustody": "mass-balance",
                    "supplier": .string(supplierInBOM)
                ],
                ["part": "Electronics", "material": "electronics", "massKg": 0.6, "recycledContent": ["postConsumer": 0.05]]
            ],
            "substances": [["name": "Lead", "cas": "7439-92-1", "concentrationPercent": 0.08, "location": "Mainboard"]],
            "durability": ["expectedLifetimeYears": 6, "repairabilityScore": 7.5],
            "endOfLife": ["instructions": "Return it through the take-back scheme.", "takeBack": [["name": "PC 3R", "url": "https://www.pc3r.jp/"]]]
        ]
    }

    var router: Router<JunkanRequestContext> {
        buildRouter(store: tmp.store, logKey: Self.signer.verifierKey, passport: PassportConfiguration(baseURL: "https://dpp.test"))
    }

    static func headers(_ token: String?, accept: String? = nil, json: Bool = false) -> HTTPFields {
        var h: HTTPFields = [:]
        if let token { h[.authorization] = "Bearer \(token)" }
        if let accept { h[.accept] = accept }
        if json { h[.contentType] = "application/json" }
        return h
    }

    /// Registers the product class as the maker.
    static func register(
        _ client: some TestClientProtocol, _ body: JSONValue = productClass, token: String = makerToken
    ) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: "/products", method: .post, headers: headers(token, json: true), body: ByteBuffer(string: JSONWriter.string(body))) {
            ($0.status, String(buffer: $0.body))
        }
    }

    static func get(
        _ client: some TestClientProtocol, _ uri: String, token: String? = nil, accept: String? = nil,
        extra: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        var h = headers(token, accept: accept)
        for f in extra { h[f.name] = f.value }
        return try await client.execute(uri: uri, method: .get, headers: h) { ($0.status, $0.headers, String(buffer: $0.body)) }
    }
}

import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

/// The demo's product loop, each step captured by the organisation that did it: virgin PC+ABS from a compounder's
/// supplier, the compounder blending it with the recycler's PC+ABS recyclate (made from collected PCs, `DemoTrace`),
/// a molder's housings, the maker's notebook PCs with serials, their sale, a repair, collection and recycling back
/// into a new recyclate lot. The maker registers the notebook's product class (`POST /products` in a real node).
enum DemoPassports {
    static let notebookGTIN = "04912345000071"
    static let serials = ["NB24A0001", "NB24A0002", "NB24A0003"]
    static let virgin = "https://id.gs1.org/01/04912345000040/10/VPCABS-2405"
    static let compound = "https://id.gs1.org/01/04912345000057/10/CPCABS-2408"
    static let housings = "https://id.gs1.org/01/04912345000064/10/HSG-2409"
    static let electronics = "https://id.gs1.org/01/04912345000088/10/MB-2409"
    static let collected = "https://id.gs1.org/01/04912345000019/10/COL-2025-11"
    static let usedPCs = "https://id.gs1.org/01/04912345000019/10/USED-2025-11"
    static let newRecyclate = "https://id.gs1.org/01/04912345000033/10/RPCABS-2026-01"
    static func item(_ serial: String) -> String { "https://id.gs1.org/01/\(notebookGTIN)/21/\(serial)" }

    static let compounderSite = "https://id.gs1.org/414/4912345000101"
    static let molderSite = "https://id.gs1.org/414/4912345000118"
    static let makerSite = "https://id.gs1.org/414/4912345000125"
    static let recyclerSite = DemoTrace.site

    /// The passports to open, one URL per line.
    static func urls(base: String) -> [String] {
        [
            base + "/01/\(notebookGTIN)/21/\(serials[0])", base + "/01/04912345000033/10/RPCABS-2024-07", base + "/01/04912345000033/10/RPCABS-2026-01",
            base + "/01/\(notebookGTIN)", base + "/passports/01/\(notebookGTIN)/21/\(serials[0])?format=json"
        ]
    }

    struct Loaded {
        var authorityToken: String
        var events: Int
        var makerID: String
    }

    /// Each company owns the GS1 Company Prefixes of what it makes (docs/ownership.md): 12-digit prefixes, one GTIN
    /// each, all drawn from the example range 4912345. The molder owns none: it moulds the maker's housings under a GTIN
    /// the maker granted it, as a contract manufacturer does.
    static let recyclerPrefixes = ["491234500001", "491234500002", "491234500003"]
    static let compounderPrefixes = ["491234500004", "491234500005"]
    static let makerPrefixes = ["491234500006", "491234500007", "491234500008"]
    static let housingsGTIN = "04912345000064"

    static func register(_ prefixes: [String], of org: Organisation, in store: any NodeDatabase) async throws {
        for p in prefixes { try await store.addPrefix(p, organisationID: org.id) }
    }

    /// Where each company's records go: one store for the single-node demo, or each company's own node
    /// (`junkan demo --nodes 3`: the recycler and the compounder on one, the molder on another, the maker on a third).
    struct Stores {
        var recycler: any NodeDatabase
        var compounder: any NodeDatabase
        var molder: any NodeDatabase
        var maker: any NodeDatabase
        /// The companies on nodes of their own.
        var federated: Bool
        static func single(_ store: any NodeDatabase) -> Stores {
            Stores(recycler: store, compounder: store, molder: store, maker: store, federated: false)
        }
    }

    static func load(store: any NodeDatabase, recycler: Organisation) async throws -> Loaded {
        try await load(stores: .single(store), recycler: recycler)
    }

    static func load(stores: Stores, recycler: Organisation) async throws -> Loaded {
        func org(_ name: String, prefixes: [String] = [], in store: any NodeDatabase) async throws -> Organisation {
            let o = try await store.addOrganisation(name: name, tokenHash: TokenHash.sha256Hex(TokenHash.newToken()), key: .newHosted())
            try await register(prefixes, of: o, in: store)
            return o
        }
        let compounder = try await org("Kanto Resin Compounding Co.", prefixes: compounderPrefixes, in: stores.compounder)
        let molder = try await org("Shizuoka Precision Molding K.K.", in: stores.molder)
        let maker = try await org("Junkan Demo Electronics", prefixes: makerPrefixes, in: stores.maker)
        // On one node the maker grants the molder its housings' GTIN; on their own nodes no one on the molder's node owns
        // that prefix, and the maker's node finds the housings' maker by asking its peers.
        if !stores.federated { _ = try await stores.maker.addGrant(grantor: maker.id, grantee: molder.id, scope: .gtin(housingsGTIN)) }
        let authorityToken = TokenHash.newToken()
        let authority = try await stores.maker.addOrganisation(
            name: "Demo Market Surveillance Authority", tokenHash: TokenHash.sha256Hex(authorityToken), key: .newHosted())
        try await stores.maker.addAuthority(organisationID: authority.id)

        var count = 0
        for (organisation, store, events, site) in [
            (compounder, stores.compounder, compounderEvents, sites[0]), (recycler, stores.recycler, recyclerShipping, sites[3]),
            (compounder, stores.compounder, compounding, nil), (molder, stores.molder, molding, sites[1]), (maker, stores.maker, making, sites[2]),
            (recycler, stores.recycler, endOfLife, nil)
        ] {
            let outcome = try await CaptureService(store: store).capture(
                try document(events, masterData: site), organisation: organisation, behaviour: .rollback,
                jobID: "demo-\(count)")
            guard outcome.job.errors.isEmpty else { throw ValidationError("demo passport events do not capture: \(outcome.job.errors)") }
            count += outcome.result.stored.count
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for (owner, store, json) in [
            (maker, stores.maker, notebookClass), (recycler, stores.recycler, recyclateClass), (compounder, stores.compounder, compoundClass)
        ] {
            let value = try JSONParser.parse(json)
            let product = try ProductClass.parse(value)
            _ = try await store.putProduct(ProductRecord(gtin: product.gtin, owner: owner.id, json: JSONWriter.string(value), updatedAt: now))
        }
        return Loaded(authorityToken: authorityToken, events: count, makerID: maker.id)
    }

    /// `masterData`: a vocabulary element (JSON) of the BusinessLocation vocabulary for the header: each company
    /// names its site in its first document, so passports show site names and addresses (docs/master-data.md).
    static func document(_ events: String, masterData: String? = nil) throws -> JSONValue {
        let header = masterData.map {
            """
            "epcisHeader": {"epcisMasterData": {"vocabularyList": [{"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [\($0)]}]}},
            """
        }
        return try JSONParser.parse(
            """
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"junkan": "\(TraceVocabulary.namespace)"}],
             "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-02-01T00:00:00Z", \(header ?? "")
             "epcisBody": {"eventList": [\(events)]}}
            """)
    }

    /// The four companies' sites, as CBV location master data (fictitious addresses): compounder, molder, maker, recycler.
    static var sites: [String] {
        [
            (compounderSite, "Kanto Resin Compounding, Ichihara plant", "5-1 Goi-kaigan", "Ichihara", "Chiba", "290-0045"),
            (molderSite, "Shizuoka Precision Molding, Fuji plant", "1200 Imaizumi", "Fuji", "Shizuoka", "417-0001"),
            (makerSite, "Junkan Demo Electronics, Yonezawa assembly plant", "2-3 Hachimanpara", "Yonezawa", "Yamagata", "992-1128"),
            (recyclerSite, "Junkan Demo Recycler, Kawagoe recycling centre", "3-10 Yoshinodai", "Kawagoe", "Saitama", "350-0833")
        ].map { id, name, street, city, state, postalCode in
            """
            {"id": "\(id)", "attributes": [{"id": "cbvmda:name", "attribute": "\(name)"}, {"id": "cbvmda:streetAddressOne", "attribute": "\(street)"},
             {"id": "cbvmda:city", "attribute": "\(city)"}, {"id": "cbvmda:state", "attribute": "\(state)"},
             {"id": "cbvmda:postalCode", "attribute": "\(postalCode)"}, {"id": "cbvmda:countryCode", "attribute": "JP"}]}
            """
        }
    }

    static var compounderEvents: String {
        """
        {"type": "ObjectEvent", "eventTime": "2024-05-10T09:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "ADD",
         "bizStep": "commissioning", "bizLocation": {"id": "\(compounderSite)"},
         "quantityList": [{"epcClass": "\(virgin)", "quantity": 20, "uom": "TNE"}],
         "ilmd": {"junkan:materialGrade": "covestro-bayblend-t65xf", "junkan:emissionFactor": 4.6, "junkan:countryOfOrigin": "DE"}}
        """
    }

    static var recyclerShipping: String {
        """
        {"type": "ObjectEvent", "eventTime": "2024-07-20T10:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "OBSERVE",
         "bizStep": "shipping", "bizLocation": {"id": "\(recyclerSite)"},
         "quantityList": [{"epcClass": "\(DemoTrace.recyclate)", "quantity": 3.5, "uom": "TNE"}]}
        """
    }

    static var compounding: String {
        """
        {"type": "TransformationEvent", "eventTime": "2024-08-05T13:00:00+09:00", "eventTimeZoneOffset": "+09:00",
         "bizStep": "commissioning", "bizLocation": {"id": "\(compounderSite)"},
         "inputQuantityList": [{"epcClass": "\(virgin)", "quantity": 6.5, "uom": "TNE"}, {"epcClass": "\(DemoTrace.recyclate)", "quantity": 3.5, "uom": "TNE"}],
         "outputQuantityList": [{"epcClass": "\(compound)", "quantity": 9.9, "uom": "TNE"}],
         "junkan:ghgEmissions": 2300, "junkan:processKind": "compounding", "ilmd": {"junkan:materialGrade": "covestro-bayblend-t65xf"}}
        """
    }

    static var molding: String {
        """
        {"type": "TransformationEvent", "eventTime": "2024-09-02T08:00:00+09:00", "eventTimeZoneOffset": "+09:00",
         "bizStep": "commissioning", "bizLocation": {"id": "\(molderSite)"},
         "inputQuantityList": [{"epcClass": "\(compound)", "quantity": 550, "uom": "KGM"}],
         "outputQuantityList": [{"epcClass": "\(housings)", "quantity": 520, "uom": "KGM"}],
         "junkan:ghgEmissions": 410, "junkan:processKind": "moulding"}
        """
    }

    static var making: String {
        let items = serials.map { "\"\(item($0))\"" }.joined(separator: ", ")
        return """
            {"type": "ObjectEvent", "eventTime": "2024-09-20T09:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "ADD",
             "bizStep": "receiving", "bizLocation": {"id": "\(makerSite)"},
             "quantityList": [{"epcClass": "\(electronics)", "quantity": 2.58, "uom": "KGM"}],
             "ilmd": {"junkan:emissionFactor": 95, "junkan:countryOfOrigin": "TW"}},
            {"type": "TransformationEvent", "eventTime": "2024-10-01T10:00:00+09:00", "eventTimeZoneOffset": "+09:00",
             "bizStep": "assembling", "bizLocation": {"id": "\(makerSite)"},
             "inputQuantityList": [{"epcClass": "\(housings)", "quantity": 1.26, "uom": "KGM"}, {"epcClass": "\(electronics)", "quantity": 2.58, "uom": "KGM"}],
             "outputEPCList": [\(items)], "junkan:ghgEmissions": 6.3,
             "ilmd": {"junkan:durability": {"expectedLifetimeYears": 6}, "junkan:countryOfOrigin": "JP"}},
            {"type": "ObjectEvent", "eventTime": "2024-10-03T15:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "OBSERVE",
             "bizStep": "shipping", "bizLocation": {"id": "\(makerSite)"}, "epcList": [\(items)]},
            {"type": "ObjectEvent", "eventTime": "2024-10-20T11:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "OBSERVE",
             "bizStep": "retail_selling", "disposition": "retail_sold", "epcList": ["\(item(serials[0]))"]},
            {"type": "ObjectEvent", "eventTime": "2025-09-15T14:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "OBSERVE",
             "bizStep": "repairing", "bizLocation": {"id": "\(makerSite)"}, "epcList": ["\(item(serials[0]))"]}
            """
    }

    static var endOfLife: String {
        """
        {"type": "ObjectEvent", "eventTime": "2025-11-10T09:00:00+09:00", "eventTimeZoneOffset": "+09:00", "action": "ADD",
         "bizStep": "receiving", "bizLocation": {"id": "\(recyclerSite)"},
         "quantityList": [{"epcClass": "\(usedPCs)", "quantity": 8.2, "uom": "TNE"}]},
        {"type": "TransformationEvent", "eventTime": "2025-11-12T09:00:00+09:00", "eventTimeZoneOffset": "+09:00",
         "bizStep": "collecting", "bizLocation": {"id": "\(recyclerSite)"},
         "inputEPCList": ["\(item(serials[0]))"], "inputQuantityList": [{"epcClass": "\(usedPCs)", "quantity": 8.2, "uom": "TNE"}],
         "outputQuantityList": [{"epcClass": "\(collected)", "quantity": 8.2, "uom": "TNE"}], "junkan:productType": "pc"},
        {"type": "TransformationEvent", "eventTime": "2026-01-15T08:30:00+09:00", "eventTimeZoneOffset": "+09:00",
         "bizStep": "commissioning", "bizLocation": {"id": "\(recyclerSite)"},
         "inputQuantityList": [{"epcClass": "\(collected)", "quantity": 7.6, "uom": "TNE"}],
         "outputQuantityList": [{"epcClass": "\(newRecyclate)", "quantity": 6.5, "uom": "TNE"}],
         "junkan:cutOff": true, "junkan:productType": "pc", "junkan:ghgEmissions": 1600,
         "ilmd": {"junkan:materialGrade": "demo-rpcabs-notebooks"}}
        """
    }

    static var notebookClass: String {
        """
        {"gtin": "\(notebookGTIN)", "name": "Junkan Note 14 notebook PC (demo)",
         "description": "14-inch notebook PC whose housing is moulded from PC+ABS with recycled content from collected notebook PCs.",
         "makerGLN": "4912345000125", "productType": "pc", "countryOfProduction": "JP",
         "parts": [
           {"part": "Housing (top cover and base)", "material": "PC+ABS", "grade": "covestro-bayblend-t65xf", "massKg": 0.42, "lot": "\(housings)",
            "chainOfCustody": "mass-balance", "supplier": "Shizuoka Precision Molding K.K."},
           {"part": "Mainboard, display and battery", "material": "electronics", "massKg": 0.86,
            "recycledContent": {"preConsumer": 0.0, "postConsumer": 0.04}, "supplier": "Hsinchu Board Assembly Ltd."},
           {"part": "Keyboard frame", "material": "ABS", "massKg": 0.06, "recycledContent": {"preConsumer": 0.1, "postConsumer": 0.2},
            "chainOfCustody": "segregated", "supplier": "Kanto Resin Compounding Co."}],
         "substances": [
           {"name": "Lead (in the solder of one component)", "cas": "7439-92-1", "concentrationPercent": 0.08, "location": "Mainboard"},
           {"name": "Bis(2-ethylhexyl) phthalate (DEHP)", "cas": "117-81-7", "concentrationPercent": 0.05, "location": "AC adapter cable sheath"}],
         "durability": {"expectedLifetimeYears": 6, "warrantyYears": 3, "sparePartsYears": 7, "repairabilityScore": 7.2,
                        "repairInformation": "https://repair.example.com/note14"},
         "endOfLife": {"instructions": "Do not put it in household waste. Hand it in free of charge through the maker's take-back (PC recycling mark); the battery is taken out before the housing is shredded and recycled into PC+ABS.",
                       "takeBack": [{"name": "PC 3R take-back (Japan)", "url": "https://www.pc3r.jp/"}]}}
        """
    }

    static var recyclateClass: String {
        """
        {"gtin": "04912345000033", "name": "Recycled PC+ABS from collected notebook PCs",
         "description": "Post-consumer PC+ABS, sorted, washed, melt-filtered and pelletised.", "countryOfProduction": "JP",
         "parts": [{"part": "Pellets", "material": "PC+ABS", "grade": "demo-rpcabs-notebooks", "massKg": 1,
                    "recycledContent": {"preConsumer": 0, "postConsumer": 1}, "chainOfCustody": "segregated"}],
         "endOfLife": {"instructions": "Production scrap and purged material go back to the recycler.", "takeBack": [{"name": "Junkan Demo Recycler"}]}}
        """
    }

    static var compoundClass: String {
        """
        {"gtin": "04912345000057", "name": "PC+ABS compound with recycled content",
         "parts": [{"part": "Compound", "material": "PC+ABS", "grade": "covestro-bayblend-t65xf", "massKg": 1, "chainOfCustody": "mass-balance",
                    "supplier": "Covestro (virgin share)"}]}
        """
    }
}

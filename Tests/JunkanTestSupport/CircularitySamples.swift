public import JunkanCore

/// Small circularity records whose figures are worked out by hand in the tests, and EPCIS events that state the same
/// collection as `collection`.
public enum CircularitySamples {
    public static let waste = """
        fiscal_year,site,region,category,subcategory,treatment,mass_t
        2023,Kawasaki,domestic,general,office_paper,material_recycling,10.5
        2023,Kawasaki,domestic,industrial,waste_plastics,thermal_recycling,20
        2023,Kawasaki,domestic,industrial,waste_plastics,landfill,0.25
        2023,Numazu,domestic,specially_controlled_industrial,waste_acid,incineration,4.25
        2023,Penang,overseas,industrial,metal_scrap,reuse,5
        2023,Penang,overseas,general,other,landfill,1
        2022,Kawasaki,domestic,industrial,waste_plastics,material_recycling,50

        """

    public static let collection = """
        fiscal_year,product_type,collected_t,reused_t,parts_reused_t,material_recycled_t,thermal_recycled_t,disposed_t
        2023,pc,12.4,0.9,0.7,10.2,0.45,0.15
        2023,server,3.1,0,0,2.9,0,0.2

        """

    public static let plasticWaste = "fiscal_year,scope,mass_t\n2022,group,100\n2023,group,90\n"
    public static let sales = "fiscal_year,scope,net_sales_million_jpy\n2022,group,1000\n2023,group,1200\n"
    public static let targets = """
        indicator,scope,base_year,target_year,target_change_pct,basis
        plastic_waste,group,2022,2025,-20,per_sales
        plastic_waste,group,2022,2025,-5,absolute
        waste_total,domestic,2022,2025,-10,absolute
        waste_recycling_rate,group,2022,2025,1,absolute

        """
    public static let prtr = """
        fiscal_year,site,substance,cas,handled_kg,consumed_kg,recycled_kg,emitted_air_kg,emitted_water_kg,transferred_waste_kg,treated_kg
        2023,Kawasaki,toluene,108-88-3,1000,600,100,50,0,200,50
        2023,Numazu,toluene,108-88-3,500,300,0,10,0,100,20
        2023,Numazu,xylene,1330-20-7,200,100,0,5,1,50,44

        """

    public static let files: [(name: String, text: String)] = [
        ("waste.csv", waste), ("collection.csv", collection), ("plastic_waste.csv", plasticWaste), ("sales.csv", sales),
        ("targets.csv", targets), ("prtr.csv", prtr)
    ]

    static let pcs = "https://id.gs1.org/01/04912345000019/10/COL-A"
    static let servers = "https://id.gs1.org/01/04912345000026/10/COL-B"

    static func object(
        _ time: String, _ offset: String = "+09:00", action: String = "OBSERVE", bizStep: String, lot: String, kg: Double,
        _ terms: [String: JSONValue]
    ) -> JSONValue {
        var o: [String: JSONValue] = [
            "type": "ObjectEvent", "eventTime": .string(time), "eventTimeZoneOffset": .string(offset),
            "action": .string(action), "bizStep": .string(bizStep),
            "quantityList": [["epcClass": .string(lot), "quantity": .number(JSONNumber(kg)), "uom": "KGM"]]
        ]
        for (k, v) in terms { o[k] = v }
        return .object(JSONObject(o.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }

    /// The collection of `collection` as captured events, with masses in kg and dates on the edges of fiscal 2023
    /// (April 2023 – March 2024): 00:30 on 1 April in Japan is still 31 March in UTC, and 02:00 UTC on 1 April 2024 is
    /// still 31 March at −05:00. Plus one event of fiscal 2024, which the FY2023 figures must not count.
    public static let collectionEvents: [JSONValue] = [
        object("2023-04-01T00:30:00+09:00", action: "ADD", bizStep: "collecting", lot: pcs, kg: 12_400, ["junkan:productType": "pc"]),
        object(
            "2023-05-01T10:00:00+09:00", bizStep: "repairing", lot: pcs, kg: 900,
            ["junkan:productType": "pc", "junkan:endOfLifeTreatment": "reuse"]),
        object(
            "2023-05-02T10:00:00+09:00", bizStep: "disassembling", lot: pcs, kg: 700,
            ["junkan:productType": "pc", "junkan:endOfLifeTreatment": "parts_reuse"]),
        [
            "type": "TransformationEvent", "eventTime": "2023-06-01T08:00:00+09:00", "eventTimeZoneOffset": "+09:00",
            "inputQuantityList": [["epcClass": .string(pcs), "quantity": 10_200, "uom": "KGM"]],
            "outputQuantityList": [["epcClass": "https://id.gs1.org/01/04912345000033/10/R-1", "quantity": 9_000, "uom": "KGM"]],
            "junkan:cutOff": true, "junkan:productType": "pc"
        ],
        object(
            "2023-06-02T10:00:00+09:00", bizStep: "destroying", lot: pcs, kg: 450,
            ["junkan:productType": "pc", "junkan:endOfLifeTreatment": "thermal_recycling"]),
        object(
            "2023-06-02T11:00:00+09:00", bizStep: "destroying", lot: pcs, kg: 150,
            ["junkan:productType": "pc", "junkan:endOfLifeTreatment": "disposal"]),
        object("2023-09-01T09:00:00+09:00", action: "ADD", bizStep: "collecting", lot: servers, kg: 3_100, ["junkan:productType": "server"]),
        [
            "type": "TransformationEvent", "eventTime": "2023-09-10T08:00:00+09:00", "eventTimeZoneOffset": "+09:00",
            "inputQuantityList": [["epcClass": .string(servers), "quantity": 2.9, "uom": "TNE"]],
            "outputQuantityList": [["epcClass": "https://id.gs1.org/01/04912345000033/10/R-2", "quantity": 2_600, "uom": "KGM"]],
            "junkan:endOfLifeTreatment": "material_recycling", "junkan:productType": "server"
        ],
        object(
            "2024-04-01T02:00:00Z", "-05:00", bizStep: "destroying", lot: servers, kg: 200,
            ["junkan:productType": "server", "junkan:endOfLifeTreatment": "disposal"]),
        // Fiscal 2024 (1 April 2024 in Japan).
        object(
            "2024-04-01T00:00:00+09:00", action: "ADD", bizStep: "collecting", lot: "https://id.gs1.org/01/04912345000019/10/COL-C", kg: 999,
            ["junkan:productType": "pc"])
    ]
}

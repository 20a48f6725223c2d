/// What EN 15343 (traceability) and EN 15342–15348 (characterisation of PS, PE, PP, PVC, PET recyclates) ask a
/// recyclate lot to state beyond its measured properties: where it comes from, its form and colour, and what was
/// done about contaminants. Ash, moisture, volatiles and odour are measured `PropertyValue`s of the lot.
public struct RecycledLotData: Sendable, Equatable {
    /// DIN SPEC 91446 §3: post-industrial (PIR) or post-consumer (PCR) recyclate.
    public enum Origin: String, Sendable, CaseIterable { case pcr = "PCR", pir = "PIR" }
    public enum Form: String, Sendable, CaseIterable { case granulate, regrind, flakes, agglomerate, powder }

    public var origin: Origin
    /// The waste stream it was recovered from ("WEEE small appliance housings", "household rigid packaging").
    public var sourceStream: String?
    public var form: Form?
    public var colour: String?
    /// Contaminants found or screened for ("metal < 50 ppm", "no PVC").
    public var contaminants: [String]?
    /// Melt filtration mesh in µm (EN 15347-style contamination control).
    public var filtrationMicron: Double?

    public init(
        origin: Origin, sourceStream: String? = nil, form: Form? = nil, colour: String? = nil, contaminants: [String]? = nil,
        filtrationMicron: Double? = nil
    ) {
        self.origin = origin; self.sourceStream = sourceStream; self.form = form; self.colour = colour; self.contaminants = contaminants
        self.filtrationMicron = filtrationMicron
    }

    static func decode(_ o: JSONObject, kind: MaterialKind) throws(MaterialError) -> RecycledLotData {
        try MaterialJSON.allowOnly(["origin", "sourceStream", "form", "colour", "contaminants", "filtrationMicron"], in: o)
        let expected: Origin = kind == .recycledPreConsumer ? .pir : .pcr
        var origin = expected
        if let text = try MaterialJSON.optionalString(o, "origin") {
            guard let given = Origin(rawValue: text) else { throw MaterialError("/origin", "origin is PCR or PIR, not \"\(text)\"") }
            guard given == expected else {
                throw MaterialError("/origin", "the lot says \(given.rawValue) but its grade is \(kind.rawValue), which is \(expected.rawValue)")
            }
            origin = given
        }
        var form: Form?
        if let text = try MaterialJSON.optionalString(o, "form") {
            guard let f = Form(rawValue: text) else {
                throw MaterialError("/form", "form is one of " + Form.allCases.map(\.rawValue).joined(separator: ", ") + ", not \"\(text)\"")
            }
            form = f
        }
        var contaminants: [String]?
        if let items = try MaterialJSON.array(o, "contaminants") {
            contaminants = []
            for (i, item) in items.enumerated() {
                guard let s = item.stringValue, !s.isEmpty else { throw MaterialError("/contaminants/\(i)", "each contaminant is a non-empty string") }
                contaminants!.append(s)
            }
        }
        return RecycledLotData(
            origin: origin, sourceStream: try MaterialJSON.optionalString(o, "sourceStream"), form: form,
            colour: try MaterialJSON.optionalString(o, "colour"), contaminants: contaminants,
            filtrationMicron: try MaterialJSON.optionalNumber(o, "filtrationMicron", in: 1...5000))
    }

    var json: JSONValue {
        var o = JSONObject([("origin", .string(origin.rawValue))])
        if let sourceStream { o["sourceStream"] = .string(sourceStream) }
        if let form { o["form"] = .string(form.rawValue) }
        if let colour { o["colour"] = .string(colour) }
        if let contaminants { o["contaminants"] = .array(contaminants.map { .string($0) }) }
        if let filtrationMicron { o["filtrationMicron"] = MaterialJSON.number(filtrationMicron) }
        return .object(o)
    }
}

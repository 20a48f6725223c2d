/// Writes a PACT v3 ProductFootprint (declared unit: 1 kg of the lot) from a computed `Footprint` and what the data
/// owner stated in its `PactPublication`. Pure: the id, creation time and reference period come in from outside.
public struct ProductFootprintBuilder: Sendable {
    public var specVersion = "3.0.3"

    public init() {}

    /// The traced steps behind a footprint: how many, and the span of their event times (the default reference period).
    public struct Trail: Sendable, Equatable {
        public var stepCount: Int
        public var firstEventTime: Int64
        public var lastEventTime: Int64
        public init(stepCount: Int, firstEventTime: Int64, lastEventTime: Int64) {
            self.stepCount = stepCount; self.firstEventTime = firstEventTime; self.lastEventTime = lastEventTime
        }
    }

    /// Three years after the reference period's end: the validity PACT assumes when none is stated.
    public static let defaultValidityMilliseconds: Int64 = 3 * 365 * 86_400_000 + 86_400_000

    /// The product ids a subject has without being told: `urn:gtin:` for a GS1 key, the subject itself for another URN.
    public static func defaultProductIDs(for subject: String) -> [String]? {
        if let link = try? DigitalLink.parse(subject), link.primaryKey.ai == "01" {
            return ["urn:gtin:" + link.primaryKey.value]
        }
        return PactPublication.isURN(subject) ? [subject] : nil
    }

    public func footprint(
        id: String, created: Int64, preceding: [String], publication p: PactPublication, footprint f: Footprint,
        trail: Trail, productIDs: [String]
    ) throws(PactInputError) -> JSONObject {
        guard let perKg = PactDecimal.string(f.kgCO2ePerKg), f.kgCO2ePerKg >= 0 else {
            throw PactInputError("", "the computed footprint of \(f.id) is not a finite number ≥ 0 (\(f.kgCO2ePerKg))")
        }
        let period = p.referencePeriod ?? (trail.firstEventTime, trail.lastEventTime)
        var pcf = JSONObject()
        pcf["declaredUnitOfMeasurement"] = "kilogram"
        pcf["declaredUnitAmount"] = "1"
        pcf["productMassPerDeclaredUnit"] = "1"
        pcf["referencePeriodStart"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: period.start))
        pcf["referencePeriodEnd"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: period.end))
        if let g = p.geography?.member { pcf[g.key] = .string(g.value) }
        pcf["boundaryProcessesDescription"] = .string(boundary(trail))
        // Junkan records no biogenic uptake, so both totals are the same and every emission counts as fossil.
        pcf["pcfExcludingBiogenicUptake"] = .string(perKg)
        pcf["pcfIncludingBiogenicUptake"] = .string(perKg)
        pcf["fossilCarbonContent"] = .string(PactDecimal.string(p.fossilCarbonContent) ?? "0")
        if let b = p.biogenicCarbonContent { pcf["biogenicCarbonContent"] = .string(PactDecimal.string(b) ?? "0") }
        pcf["fossilGhgEmissions"] = .string(perKg)
        pcf["packagingEmissionsIncluded"] = false
        pcf["ccsTechnologicalCO2CaptureIncluded"] = false
        pcf["ipccCharacterizationFactors"] = .array(p.ipccCharacterizationFactors.map { .string($0) })
        pcf["crossSectoralStandards"] = .array(p.crossSectoralStandards.map { .string($0) })
        pcf["exemptedEmissionsPercent"] = "0"
        pcf["allocationRulesDescription"] = .string(
            "Physical (mass) allocation between the outputs of a process step, economic allocation where the step declares "
                + "junkan:allocation \"economic\" with a value per output; recycling steps (junkan:cutOff) use the cut-off approach: "
                + "the burdens of their waste inputs are not carried into the recycled output.")
        pcf["primaryDataShare"] = .string(PactDecimal.string(min(100, max(0, f.primaryDataShare * 100))) ?? "0")

        var o = JSONObject()
        o["id"] = .string(id)
        o["specVersion"] = .string(specVersion)
        if !preceding.isEmpty { o["precedingPfIds"] = .array(preceding.map { .string($0) }) }
        o["created"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: created))
        o["status"] = "Active"
        if let s = p.validityPeriod.start { o["validityPeriodStart"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: s)) }
        if let e = p.validityPeriod.end { o["validityPeriodEnd"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: e)) }
        o["companyName"] = .string(p.companyName)
        o["companyIds"] = .array(p.companyIds.map { .string($0) })
        o["productDescription"] = .string(p.productDescription ?? "Lot \(f.id)")
        o["productIds"] = .array(productIDs.map { .string($0) })
        if !p.productClassifications.isEmpty { o["productClassifications"] = .array(p.productClassifications.map { .string($0) }) }
        o["productNameCompany"] = .string(p.productNameCompany ?? f.id)
        o["comment"] = .string(comment(p, f))
        o["pcf"] = .object(pcf)
        return o
    }

    func boundary(_ trail: Trail) -> String {
        "Cradle-to-gate of 1 kg of this lot: \(trail.stepCount) traced process step\(trail.stepCount == 1 ? "" : "s") "
            + "(GS1 EPCIS TransformationEvents with their reported emissions, each verifiable by its CBV event hash); "
            + "upstream lots that are not traced carry the cradle-to-gate emission factor their supplier declared."
    }

    /// A fraction as a percentage to 0.01 (for text; the figures themselves are in the trace).
    static func percent(_ fraction: Double) -> String {
        PactDecimal.string((fraction * 10_000).rounded() / 100) ?? "?"
    }

    func comment(_ p: PactPublication, _ f: Footprint) -> String {
        var parts: [String] = []
        if let c = p.comment { parts.append(c) }
        parts.append(
            "Computed by Junkan from the trace of \(f.id). Recycled content by mass: "
                + "pre-consumer \(Self.percent(f.recycledContent.preConsumer))%, post-consumer \(Self.percent(f.recycledContent.postConsumer))%.")
        if !f.issues.isEmpty {
            let kinds = Dictionary(grouping: f.issues, by: \.kind).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
            parts.append("Published with data-quality issues: " + kinds.joined(separator: ", ") + ".")
        }
        return parts.joined(separator: " ")
    }
}

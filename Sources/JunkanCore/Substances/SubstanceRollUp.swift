/// Rolls up substances for a product, part or lot (issue 31, item 3): from the declaration that names it, else from
/// how the trace graph says it was made — an assembly keeps each input as an article of its own; a blend (moulding,
/// compounding) makes one material whose concentrations are its inputs' mixed by mass,
/// c = Σ mᵢ·cᵢ / Σ mᵢ, with mᵢ each input's mass going in (its share of the blend) and cᵢ its concentration as an
/// article (the substance's mass in it over its mass). Anything not declared and not traced is `unknown`, never absent.
public enum SubstanceRollUp {
    /// A bound on how far back a roll-up follows the trace (a loop of recycling brings a product back to its own
    /// lots: the identifier being resolved is not entered twice).
    public static let maxDepth = 64

    /// `keeping`: only the substances a check can read (those its lists name), when given; a check of a product of
    /// thousands of parts then carries its restricted substances through the trace, not every declared one.
    public static func article(_ identifier: String, in sources: SubstanceSources, keeping: Selection? = nil) -> RolledArticle {
        var walk = Walk(keep: keeping)
        return resolve(identifier, quantity: 1, inputMassKg: nil, sources, &walk)
    }

    /// The substances a roll-up keeps: by CAS number, and by name those declared without one (as list entries match).
    public struct Selection: Sendable {
        var cas: Set<String> = []
        var names: Set<String> = []

        /// What `lists` can read.
        public init(lists: [RestrictedSubstanceList]) {
            for entry in lists.flatMap(\.entries) {
                cas.formUnion(entry.cas)
                names.insert(entry.name.lowercased())
            }
        }

        func keeps(_ s: DeclaredSubstance) -> Bool { s.cas.map(cas.contains) ?? names.contains(s.name.lowercased()) }
    }

    /// What a roll-up carries down the trace: the identifiers being resolved (a loop's guard), and each traced lot
    /// resolved once (a lot several steps used is not resolved once per path), unless a loop cut its answer short.
    private struct Walk {
        var keep: Selection?
        var visiting: Set<String> = []
        var resolved: [String: RolledArticle] = [:]
        /// The contents of blend inputs, by identifier and the mass that went in (a resin lot that feeds 500 mouldings
        /// is summed once).
        var contents: [String: SubstanceContent] = [:]
        var loops = 0
    }

    /// `id` as an article of `quantity` in its parent; the mass that went into the parent stands for its own when it
    /// has none.
    private static func resolve(
        _ id: String, quantity: Double, inputMassKg: Double?, _ sources: SubstanceSources, _ walk: inout Walk
    ) -> RolledArticle {
        var a: RolledArticle
        if let done = walk.resolved[id] {
            a = done
        } else if let declaration = sources.declaration(for: id) {
            a = part(declaration.product, path: id, name: declaration.name ?? id, declaration: declaration.subject, keeping: walk.keep)
            walk.resolved[id] = a
        } else {
            let loopsBefore = walk.loops
            a = traced(id, sources, &walk)
            if walk.loops == loopsBefore { walk.resolved[id] = a }
        }
        a.quantity = quantity
        if a.massKg == nil { a.massKg = inputMassKg }
        return a
    }

    /// `id` from the step that made it, or unknown.
    private static func traced(_ id: String, _ sources: SubstanceSources, _ walk: inout Walk) -> RolledArticle {
        guard let making = sources.makings[id] else {
            return RolledArticle(path: id, name: id, massKg: nil, unknown: "no declaration names \(id), and no traced step made it")
        }
        guard walk.visiting.count < maxDepth, walk.visiting.insert(id).inserted else {
            walk.loops += 1
            return RolledArticle(
                path: id, name: id, massKg: nil,
                unknown: walk.visiting.contains(id) ? "the trace of \(id) loops back to it" : "the trace of \(id) is deeper than \(maxDepth) steps")
        }
        defer { walk.visiting.remove(id) }
        switch making.kind {
        case .assembly:
            let parts = making.inputs.map { resolve($0.identifier, quantity: 1, inputMassKg: $0.massKg, sources, &walk) }
            let mass = making.outputMassKg ?? sum(parts.map { a in a.massKg.map { $0 * a.quantity } })
            return RolledArticle(path: id, name: id, massKg: mass, articles: parts)
        case .blend:
            let material = blend(making, sources, &walk)
            return RolledArticle(path: id, name: id, massKg: material.massKg, materials: [material])
        }
    }

    /// One material of a blend's inputs, weighed by the masses that went in.
    private static func blend(_ making: SubstanceSources.Making, _ sources: SubstanceSources, _ walk: inout Walk) -> RolledMaterial {
        let name = "blend of " + making.inputs.map(\.identifier).joined(separator: " + ")
        let totalIn = sum(making.inputs.map(\.massKg))
        guard let totalIn, totalIn > 0 else {
            let missing = making.inputs.first { $0.massKg == nil }?.identifier
            return RolledMaterial(
                name: name, massKg: making.outputMassKg, substances: [],
                unknown: missing.map { "the mass of \($0) going into the blend is not given" } ?? "the blend's inputs have no mass")
        }
        var substances: [String: RolledSubstance] = [:]
        var order: [String] = []
        var unknown: [String] = []
        for input in making.inputs {
            let share = input.massKg! / totalIn
            let key = "\(input.identifier) \(input.massKg!)"
            let content: SubstanceContent
            if let known = walk.contents[key] {
                content = known
            } else {
                let loopsBefore = walk.loops
                content = SubstanceContent(resolve(input.identifier, quantity: 1, inputMassKg: input.massKg, sources, &walk))
                if walk.loops == loopsBefore { walk.contents[key] = content }
            }
            unknown += content.unknown.map { "\(input.identifier): \($0)" }
            for s in content.substances {
                guard let c = content.concentration(of: s) else {
                    unknown.append("\(input.identifier): the concentration of \(s.name) is not known (no mass of its article)")
                    continue
                }
                let via = s.sources.map { o in
                    var o = o
                    o.viaLot = o.viaLot ?? input.identifier
                    o.share = (o.share ?? 1) * share
                    return o
                }
                if var existing = substances[s.key] {
                    existing.fraction = (existing.fraction ?? 0) + c * share
                    existing.sources += via
                    substances[s.key] = existing
                } else {
                    order.append(s.key)
                    substances[s.key] = RolledSubstance(name: s.name, cas: s.cas, fraction: c * share, massKg: nil, exemptions: s.exemptions, sources: via)
                }
            }
        }
        let mass = making.outputMassKg ?? totalIn
        let list = order.map { key in
            var s = substances[key]!
            s.massKg = s.fraction.map { $0 * mass }
            return s
        }
        return RolledMaterial(name: name, massKg: mass, substances: list, unknown: unknown.isEmpty ? nil : unknown.joined(separator: "; "))
    }

    /// A declared part as an article: its materials with each substance's fraction and mass, its parts below it.
    static func part(_ p: DeclaredPart, path: String, name: String, declaration: String, keeping: Selection? = nil) -> RolledArticle {
        let materials = p.materials.map { m in
            RolledMaterial(
                name: m.name, massKg: m.massKg,
                substances: m.substances.filter { keeping?.keeps($0) ?? true }.map { s in
                    let fraction = s.fraction ?? both(s.massKg, m.massKg).flatMap { $1 > 0 ? $0 / $1 : nil }
                    return RolledSubstance(
                        name: s.name, cas: s.cas, fraction: fraction, massKg: s.massKg ?? both(fraction, m.massKg).map { $0 * $1 },
                        exemptions: s.exemptions,
                        sources: [
                            SubstanceOrigin(
                                declaration: declaration, part: path, material: m.name,
                                measurement: s.measurement.map { $0.method + ($0.limitOfDetection.map { ", LOD \(Percent.text($0))" } ?? "") })
                        ])
                }, isHomogeneous: m.name != DeclaredMaterial.outsideMaterials)
        }
        let parts = p.parts.map { child in
            var a = part(child, path: path + " › " + child.name, name: child.name, declaration: declaration, keeping: keeping)
            a.quantity = child.quantity
            return a
        }
        let mass = p.massKg ?? sum(materials.map(\.massKg) + parts.map { a in a.massKg.map { $0 * a.quantity } })
        return RolledArticle(path: path, name: name, massKg: mass, materials: materials, articles: parts)
    }

    /// The sum, when every term is known (and there is one).
    static func sum(_ values: [Double?]) -> Double? {
        guard !values.isEmpty else { return nil }
        var total = 0.0
        for v in values {
            guard let v else { return nil }
            total += v
        }
        return total
    }

    private static func both(_ a: Double?, _ b: Double?) -> (Double, Double)? {
        guard let a, let b else { return nil }
        return (a, b)
    }
}

/// A mass fraction written as a percentage for people (`0.05 %`).
enum Percent {
    static func text(_ fraction: Double) -> String { JSONNumber(fraction * 100).literal + " %" }
}

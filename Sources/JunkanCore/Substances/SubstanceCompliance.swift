/// Checks a rolled-up article against a restricted-substance list (issue 31, item 4). For each entry:
/// - `fail` when a homogeneous material (a `homogeneous-material` entry) or an article — the product and every part or
///   lot in it, each on its own (`article`) — holds the entry's substances (a group's members summed) above its
///   threshold and no exemption of the entry covers it; for an entry with a duty the `fail` names the duty;
/// - else `unknown` when some material or article it would read is not known (no declaration; a mass not given);
/// - else `pass`, with the highest concentration found.
/// "Above" is strict, as the texts say (RoHS: "maximum concentration value tolerated"; REACH Art. 33: "above 0,1 %"):
/// at the threshold passes. A concentration is computed from masses, so a relative 1e-9 absorbs the rounding of
/// its arithmetic (0.1 g in 100 g is 0.001 exactly on paper, 0.0010000000000000002 in binary).
public enum SubstanceCompliance {
    public static func check(_ article: RolledArticle, against list: RestrictedSubstanceList, on day: String) -> ComplianceReport {
        check(article, against: [list], on: day)[0]
    }

    /// Against several lists, the articles' contents summed once for all of them.
    public static func check(_ article: RolledArticle, against lists: [RestrictedSubstanceList], on day: String) -> [ComplianceReport] {
        let needsContents = lists.contains { $0.entries.contains { $0.level == .article } }
        let contents = needsContents ? SubstanceContent.Tree(article) : nil
        return lists.map { check(article, contents, against: $0, on: day) }
    }

    private static func check(
        _ article: RolledArticle, _ contents: SubstanceContent.Tree?, against list: RestrictedSubstanceList, on day: String
    ) -> ComplianceReport {
        let rules = list.entries.map { entry in
            if let from = entry.appliesFrom, from > day {
                return RuleResult(entry: entry, status: .pass, note: "applies from \(from)")
            }
            var rule = RuleResult(entry: entry, status: .pass)
            switch entry.level {
            case .homogeneousMaterial: checkMaterials(article, entry, day, &rule)
            case .article: checkArticles(article, contents!, entry, day, &rule)
            }
            // An unknown part is met again in every article that holds it: said once.
            var seen: Set<String> = []
            rule.unknownBecause = rule.unknownBecause.filter { seen.insert($0).inserted }
            rule.status = !rule.findings.isEmpty ? .fail : !rule.unknownBecause.isEmpty ? .unknown : .pass
            return rule
        }
        let status: ComplianceStatus =
            rules.contains { $0.status == .fail } ? .fail : rules.contains { $0.status == .unknown } ? .unknown : .pass
        return ComplianceReport(list: list, day: day, subject: article.path, status: status, rules: rules)
    }

    static func isAbove(_ c: Double, _ threshold: Double) -> Bool { c > threshold + threshold * 1e-9 }

    private static func checkMaterials(_ a: RolledArticle, _ entry: RestrictedSubstanceList.Entry, _ day: String, _ rule: inout RuleResult) {
        if let why = a.unknown { rule.unknownBecause.append("\(a.path): \(why)") }
        for m in a.materials {
            if let why = m.unknown { rule.unknownBecause.append("\(a.path) / \(m.name): \(why)") }
            let matching = m.substances.filter { entry.covers($0.name, cas: $0.cas) }
            guard !matching.isEmpty else { continue }
            guard m.isHomogeneous else {
                rule.unknownBecause.append("\(a.path): \(matching.map(\.name).joined(separator: ", ")) declared outside any material")
                continue
            }
            var total = 0.0
            var counted: [RolledSubstance] = []
            for s in matching {
                guard let f = s.fraction else {
                    rule.unknownBecause.append("\(a.path) / \(m.name): the concentration of \(s.name) is not known (the material's mass is not given)")
                    continue
                }
                if let used = exemption(for: s, fraction: f, entry, day) {
                    rule.exemptionsUsed.append(.init(exemption: used.id, article: a.path, material: m.name, substance: s.name))
                    continue
                }
                total += f
                counted.append(s)
            }
            guard !counted.isEmpty else { continue }
            let finding = Finding(article: a.path, material: m.name, substances: counted, concentration: total, threshold: entry.threshold)
            record(finding, &rule)
        }
        for child in a.articles { checkMaterials(child, entry, day, &rule) }
    }

    private static func checkArticles(
        _ a: RolledArticle, _ tree: SubstanceContent.Tree, _ entry: RestrictedSubstanceList.Entry, _ day: String, _ rule: inout RuleResult
    ) {
        let content = tree.content
        let matching = content.matching(entry)
        var total = 0.0
        var counted: [RolledSubstance] = []
        var known = true
        for s in matching {
            guard let c = content.concentration(of: s) else {
                rule.unknownBecause.append("\(a.path): the concentration of \(s.name) in it is not known (a mass is not given)")
                known = false
                continue
            }
            if let used = exemption(for: s, fraction: c, entry, day) {
                rule.exemptionsUsed.append(.init(exemption: used.id, article: a.path, material: nil, substance: s.name))
                continue
            }
            total += c
            counted.append(s)
        }
        let finding = Finding(article: a.path, material: nil, substances: counted, concentration: total, threshold: entry.threshold)
        // What is not known of it can only add: a total already above stands; one below is unknown.
        if !counted.isEmpty, isAbove(total, entry.threshold) || (known && content.unknown.isEmpty) {
            record(finding, &rule)
        }
        if !isAbove(total, entry.threshold) {
            rule.unknownBecause += content.unknown.map { "\(a.path): \($0)" }
        }
        for (child, childTree) in zip(a.articles, tree.children) { checkArticles(child, childTree, entry, day, &rule) }
    }

    private static func record(_ finding: Finding, _ rule: inout RuleResult) {
        if isAbove(finding.concentration, finding.threshold) {
            rule.findings.append(finding)
        } else if finding.concentration > (rule.highest?.concentration ?? -1) {
            rule.highest = finding
        }
    }

    /// The entry's exemption the substance claims, valid on `day` and covering its concentration.
    private static func exemption(
        for s: RolledSubstance, fraction: Double, _ entry: RestrictedSubstanceList.Entry, _ day: String
    ) -> RestrictedSubstanceList.Exemption? {
        entry.exemptions.first { e in
            s.exemptions.contains(e.id) && (e.validUntil.map { day <= $0 } ?? true) && (e.maxFraction.map { !isAbove(fraction, $0) } ?? true)
        }
    }
}

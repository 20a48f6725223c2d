/// An article's substances summed over its materials and the articles in it (times their quantities): the mass of
/// each in one article, and what is not known. A blend weighs its inputs by it; an article-level rule reads it.
struct SubstanceContent {
    /// Each substance once, with its mass in one article (nil when a material's mass is not known).
    private(set) var substances: [RolledSubstance] = []
    private(set) var unknown: [String] = []
    let massKg: Double?
    /// The one material of an article that is just that (a lot): its fractions stand without a mass.
    private let onlyMaterial: RolledMaterial?
    /// Where each substance is in `substances`, by its key (CAS number, else lower-cased name).
    private var index: [String: Int] = [:]
    /// The substances declared without a CAS number, which an entry matches by name.
    private var withoutCAS: [Int] = []

    init(_ article: RolledArticle) {
        self.init(article, children: article.articles.map(SubstanceContent.init))
    }

    /// From the contents of its articles, computed once (`Tree`): a product of thousands of parts is summed bottom-up,
    /// each part once, not once per level above it.
    init(_ article: RolledArticle, children: [SubstanceContent]) {
        massKg = article.massKg
        onlyMaterial = article.articles.isEmpty && article.materials.count == 1 ? article.materials[0] : nil
        if let why = article.unknown { unknown.append(why) }
        for m in article.materials {
            if let why = m.unknown { unknown.append(why) }
            for s in m.substances { add(s, mass: s.massKg) }
        }
        for (child, content) in zip(article.articles, children) {
            unknown += content.unknown
            for s in content.substances { add(s, mass: s.massKg.map { $0 * child.quantity }) }
        }
    }

    private mutating func add(_ s: RolledSubstance, mass: Double?) {
        if let i = index[s.key] {
            substances[i].massKg = substances[i].massKg.flatMap { a in mass.map { a + $0 } }
            substances[i].sources += s.sources
        } else {
            index[s.key] = substances.count
            if s.cas == nil { withoutCAS.append(substances.count) }
            substances.append(RolledSubstance(name: s.name, cas: s.cas, fraction: nil, massKg: mass, exemptions: s.exemptions, sources: s.sources))
        }
    }

    /// The substances `entry` counts, in the order they were declared: looked up by the entry's CAS numbers, and by
    /// name among those declared without one.
    func matching(_ entry: RestrictedSubstanceList.Entry) -> [RolledSubstance] {
        var found = entry.cas.compactMap { index[$0] }
        found += withoutCAS.filter { entry.covers(substances[$0].name, cas: nil) }
        // A CAS number listed twice in an entry counts its substance once.
        return Set(found).sorted().map { substances[$0] }
    }

    /// `s`'s mass fraction of the article: its mass over the article's, or its fraction of the article's one material.
    func concentration(of s: RolledSubstance) -> Double? {
        if let m = onlyMaterial, let f = m.substances.first(where: { $0.key == s.key })?.fraction { return f }
        guard let mass = s.massKg, let total = massKg, total > 0 else { return nil }
        return mass / total
    }

    /// The contents of an article and of every article in it, in the shape of the article.
    struct Tree {
        var content: SubstanceContent
        var children: [Tree]

        init(_ article: RolledArticle) {
            children = article.articles.map(Tree.init)
            content = SubstanceContent(article, children: children.map(\.content))
        }
    }
}

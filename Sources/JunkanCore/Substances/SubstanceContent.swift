/// An article's substances summed over its materials and the articles in it (times their quantities): the mass of
/// each in one article, and what is not known. A blend weighs its inputs by it; an article-level rule reads it.
struct SubstanceContent {
    /// Each substance once, with its mass in one article (nil when a material's mass is not known).
    private(set) var substances: [RolledSubstance] = []
    private(set) var unknown: [String] = []
    let massKg: Double?
    /// The one material of an article that is just that (a lot): its fractions stand without a mass.
    private let onlyMaterial: RolledMaterial?

    init(_ article: RolledArticle) {
        massKg = article.massKg
        onlyMaterial = article.articles.isEmpty && article.materials.count == 1 ? article.materials[0] : nil
        var index: [String: Int] = [:]
        add(article, times: 1, &index)
    }

    private mutating func add(_ article: RolledArticle, times: Double, _ index: inout [String: Int]) {
        if let why = article.unknown { unknown.append(why) }
        for m in article.materials {
            if let why = m.unknown { unknown.append(why) }
            for s in m.substances {
                let mass = s.massKg.map { $0 * times }
                if let i = index[s.key] {
                    substances[i].massKg = substances[i].massKg.flatMap { a in mass.map { a + $0 } }
                    substances[i].sources += s.sources
                } else {
                    index[s.key] = substances.count
                    substances.append(RolledSubstance(name: s.name, cas: s.cas, fraction: nil, massKg: mass, exemptions: s.exemptions, sources: s.sources))
                }
            }
        }
        for child in article.articles { add(child, times: times * child.quantity, &index) }
    }

    /// `s`'s mass fraction of the article: its mass over the article's, or its fraction of the article's one material.
    func concentration(of s: RolledSubstance) -> Double? {
        if let m = onlyMaterial, let f = m.substances.first(where: { $0.key == s.key })?.fraction { return f }
        guard let mass = s.massKg, let total = massKg, total > 0 else { return nil }
        return mass / total
    }
}

/// The hierarchy the `children` of vocabulary elements draw (EPCIS 2.0 §8.2.7.1 `WD_readPoint`, `WD_bizLocation`:
/// "a direct or indirect descendant … as specified by master data").
public enum VocabularyHierarchy {
    /// `roots` and every element below them, through any number of `children` steps (a cycle in what organisations
    /// declared ends the walk, it does not loop).
    public static func descendants(of roots: [String], in elements: [VocabularyElement]) -> Set<String> {
        var children: [String: [String]] = [:]
        for e in elements { children[e.id, default: []] += e.children }
        var reached = Set(roots)
        var frontier = roots
        while let next = frontier.popLast() {
            for c in children[next] ?? [] where reached.insert(c).inserted { frontier.append(c) }
        }
        return reached
    }
}

/// The passport's substance compliance (issue 31, item 4): the product's check against the public restricted-substance
/// lists, and the substances found above a list's threshold. The section shows at the level of
/// `substances.compliance` (public by default); the substances found, like the product class's substances of concern,
/// at the level of `substances` — except where a law makes them public: the EU battery regulation makes a battery's
/// hazardous substances public information (Regulation (EU) 2023/1542 Art. 13(6), Annex VI; Art. 77 and Annex XIII for
/// the battery passport), so a battery's maker cannot withhold them.
extension Passport {
    public struct Compliance: Sendable, Equatable {
        public struct ListResult: Sendable, Equatable {
            public var id: String
            public var name: String
            public var version: String
            public var date: String
            public var isExcerpt: Bool
            /// `pass`, `fail` or `unknown` (ComplianceStatus).
            public var status: String
            /// The entries that fail, by name, and the duties they bring (a REACH Art. 33 notice, a SCIP notification).
            public var failing: [String]
            public var duties: [String]

            public init(id: String, name: String, version: String, date: String, isExcerpt: Bool, status: String, failing: [String], duties: [String]) {
                self.id = id; self.name = name; self.version = version; self.date = date; self.isExcerpt = isExcerpt
                self.status = status; self.failing = failing; self.duties = duties
            }
        }

        /// A substance found above a list entry's threshold: in which article (and material), how much, under which entry.
        public struct Found: Sendable, Equatable {
            public var name: String
            public var cas: String?
            /// Mass fraction of the article or material the entry is about.
            public var concentration: Double
            public var article: String
            public var material: String?
            public var list: String
            public var entry: String

            public init(name: String, cas: String?, concentration: Double, article: String, material: String?, list: String, entry: String) {
                self.name = name; self.cas = cas; self.concentration = concentration; self.article = article; self.material = material
                self.list = list; self.entry = entry
            }
        }

        /// The day the check was made for (`YYYY-MM-DD`).
        public var checkedOn: String
        public var lists: [ListResult]
        public var found: [Found]

        public init(checkedOn: String, lists: [ListResult], found: [Found]) {
            self.checkedOn = checkedOn
            self.lists = lists
            self.found = found
        }

        /// The worst status of its lists.
        public var status: String {
            for s in ["fail", "unknown"] where lists.contains(where: { $0.status == s }) { return s }
            return "pass"
        }

        /// The section from a check's reports: a finding per substance group above a threshold, named once per list entry,
        /// article and material.
        public static func of(_ reports: [ComplianceReport], checkedOn: String) -> Compliance {
            var found: [Found] = []
            let lists = reports.map { report in
                let failing = report.rules.filter { $0.status == .fail }
                for rule in failing {
                    for finding in rule.findings {
                        for s in finding.substances {
                            found.append(
                                Found(
                                    name: s.name, cas: s.cas, concentration: finding.concentration, article: finding.article, material: finding.material,
                                    list: report.list.id, entry: rule.entry.name))
                        }
                    }
                }
                var duties: [String] = []
                for d in failing.compactMap(\.duty) where !duties.contains(d) { duties.append(d) }
                return ListResult(
                    id: report.list.id, name: report.list.name, version: report.list.version, date: report.list.date, isExcerpt: report.list.isExcerpt,
                    status: report.status.rawValue, failing: failing.map(\.entry.name), duties: duties)
            }
            return Compliance(checkedOn: checkedOn, lists: lists, found: found)
        }
    }

    /// The law that makes this product's substances public, when one does: the EU battery regulation for a product class
    /// of product type `battery` (or `battery-…`: `battery-portable`, `battery-ev`).
    public static func substancesPublicByLaw(productType: String?) -> String? {
        guard let t = productType?.lowercased(), t == "battery" || t.hasPrefix("battery-") else { return nil }
        return "Regulation (EU) 2023/1542 (batteries), Art. 13(6) and Annex VI: hazardous substances in a battery are public"
    }
}

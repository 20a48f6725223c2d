/// What a SCIP notification needs of a product class beyond its composition (ECHA's SCIP format: the article category,
/// instructions for safe use and for disassembly), given by the maker in `POST /products` as `scip`.
extension ProductClass {
    public struct Scip: Sendable, Equatable {
        /// The article category: a Combined Nomenclature / TARIC code (8 or 10 digits; 8 are completed with `00`, as
        /// the SCIP format's category list reads them).
        public var articleCategory: String?
        /// Safe-use instructions (REACH Art. 33(1): "sufficient information … to allow safe use").
        public var safeUseInstructions: String?
        /// Disassembly instructions (for waste operators), when the product class has them; else its end-of-life text.
        public var disassemblyInstructions: String?

        public init(articleCategory: String? = nil, safeUseInstructions: String? = nil, disassemblyInstructions: String? = nil) {
            self.articleCategory = articleCategory
            self.safeUseInstructions = safeUseInstructions
            self.disassemblyInstructions = disassemblyInstructions
        }
    }

    /// What a SCIP notification reads of it: its name and country, the `scip` fields, and its end-of-life text for
    /// disassembly when `scip` has none.
    public var scipFacts: ScipNotification.Facts {
        ScipNotification.Facts(
            name: name, countryOfProduction: countryOfProduction, articleCategory: scip?.articleCategory,
            safeUseInstructions: scip?.safeUseInstructions, disassemblyInstructions: scip?.disassemblyInstructions ?? endOfLife?.instructions)
    }

    static func scip(_ o: JSONObject?) throws(MaterialError) -> Scip? {
        guard let o else { return nil }
        do throws(MaterialError) {
            try MaterialJSON.allowOnly(["articleCategory", "safeUseInstructions", "disassemblyInstructions"], in: o)
            var category = try MaterialJSON.optionalString(o, "articleCategory", maxLength: 13)
            if let c = category {
                let digits = c.filter { $0 != " " }
                guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count == 8 || digits.count == 10 else {
                    throw MaterialError("/articleCategory", "an article category is a CN/TARIC code of 8 or 10 digits, found \"\(c)\"")
                }
                category = digits.count == 8 ? digits + "00" : digits
            }
            return Scip(
                articleCategory: category, safeUseInstructions: try MaterialJSON.optionalString(o, "safeUseInstructions", maxLength: 4000),
                disassemblyInstructions: try MaterialJSON.optionalString(o, "disassemblyInstructions", maxLength: 4000))
        } catch { throw error.under("/scip") }
    }
}

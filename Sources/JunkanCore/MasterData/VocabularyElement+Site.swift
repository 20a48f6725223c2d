/// A location's name and postal address as CBV 2.0 §10 location master data writes them.
extension VocabularyElement {
    /// `cbvmda:name`.
    public var siteName: String? { text(MasterDataAttribute.name) }

    /// The address attributes on one line: street lines, then "city state postalCode", then the country code.
    public var postalAddress: String? {
        let streets = [MasterDataAttribute.streetAddressOne, MasterDataAttribute.streetAddressTwo, MasterDataAttribute.streetAddressThree]
            .compactMap(text)
        let place = [MasterDataAttribute.city, MasterDataAttribute.state, MasterDataAttribute.postalCode].compactMap(text).joined(separator: " ")
        let parts = streets + [place].filter { !$0.isEmpty } + [text(MasterDataAttribute.countryCode)].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

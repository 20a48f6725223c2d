/// The JSON-LD 1.1 context of the Junkan vocabulary (served at `/voc/context.jsonld`, documented in
/// docs/vocabulary.md). Terms are defined under their compact IRIs, as EPCIS extensions are written.
public enum JunkanContext {
    /// Every term of the vocabulary, in the order docs/vocabulary.md lists them.
    public static let terms = [
        "ghgEmissions", "allocation", "economicValue", "cutOff", "materialGrade", "emissionFactor",
        "recycledContent", "durability", "countryOfOrigin", "productType", "endOfLifeTreatment", "processKind"
    ]

    public static let text = """
        {
          "@context": {
            "@version": 1.1,
            "junkan": "https://w3id.org/junkan/voc/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "junkan:ghgEmissions": {"@type": "xsd:double"},
            "junkan:allocation": {"@type": "xsd:string"},
            "junkan:economicValue": {"@type": "@json"},
            "junkan:cutOff": {"@type": "xsd:boolean"},
            "junkan:materialGrade": {"@type": "xsd:string"},
            "junkan:emissionFactor": {"@type": "xsd:double"},
            "junkan:recycledContent": {
              "@context": {
                "preConsumer": {"@id": "junkan:preConsumer", "@type": "xsd:double"},
                "postConsumer": {"@id": "junkan:postConsumer", "@type": "xsd:double"}
              }
            },
            "junkan:durability": {"@type": "@json"},
            "junkan:countryOfOrigin": {"@type": "xsd:string"},
            "junkan:productType": {"@type": "xsd:string"},
            "junkan:endOfLifeTreatment": {"@type": "xsd:string"},
            "junkan:processKind": {"@type": "xsd:string"}
          }
        }

        """
}

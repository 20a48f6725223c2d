/// CBV 2.0 §8.9.2 (event hash): the order in which an event's standard fields enter the pre-hash
/// string. A field with a sub-order has children concatenated in that order.
indirect enum PropertyOrder: Sendable {
    case field(String, [PropertyOrder]?)
    /// The reference's order for bizTransaction/source/destination entries never matches anything
    /// (it compares a pair of names against a node), so those lists fall through to the generic part.
    case unmatched

    /// The field names, in order, of the sub-order at `path` below the event (`[]`: the event's own fields).
    static func names(under path: [String]) -> [String] {
        var order = event
        for name in path {
            guard
                let sub = order.lazy.compactMap({ entry -> [PropertyOrder]? in
                    if case .field(name, let sub?) = entry { sub } else { nil }
                }).first
            else { return [] }
            order = sub
        }
        return order.compactMap { if case .field(let name, _) = $0 { name } else { nil } }
    }

    static let quantityElement: [PropertyOrder] = [
        .field("quantityElement", [.field("epcClass", nil), .field("quantity", nil), .field("uom", nil)])
    ]

    static let event: [PropertyOrder] = [
        .field("eventTime", nil),
        .field("eventTimeZoneOffset", nil),
        .field("certificationInfo", nil),
        .field("parentID", nil),
        .field("epcList", [.field("epc", nil)]),
        .field("inputEPCList", [.field("epc", nil)]),
        .field("childEPCs", [.field("epc", nil)]),
        .field("quantityList", quantityElement),
        .field("childQuantityList", quantityElement),
        .field("inputQuantityList", quantityElement),
        .field("outputEPCList", [.field("epc", nil)]),
        .field("outputQuantityList", quantityElement),
        .field("action", nil),
        .field("transformationID", nil),
        .field("bizStep", nil),
        .field("disposition", nil),
        .field("persistentDisposition", [.field("set", nil), .field("unset", nil)]),
        .field("readPoint", [.field("id", nil)]),
        .field("bizLocation", [.field("id", nil)]),
        .field("bizTransactionList", [.unmatched]),
        .field("sourceList", [.unmatched]),
        .field("destinationList", [.unmatched]),
        .field(
            "sensorElementList",
            [
                .field(
                    "sensorElement",
                    [
                        .field(
                            "sensorMetadata",
                            [
                                "time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData",
                                "dataProcessingMethod", "bizRules"
                            ].map { .field($0, nil) }),
                        .field(
                            "sensorReport",
                            [
                                "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time",
                                "microorganism", "chemicalSubstance", "value", "component", "stringValue", "booleanValue",
                                "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev", "percRank",
                                "percValue", "uom", "coordinateReferenceSystem"
                            ].map { .field($0, nil) })
                    ])
            ])
    ]
}

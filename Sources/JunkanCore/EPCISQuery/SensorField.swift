/// A standard field of a sensor element the query filters on (EPCIS 2.0 §8.2.7.1, the parameters added in 2.0).
public enum SensorField: Sendable, Equatable, Hashable {
    /// `time`, `startTime`, `endTime`, `deviceID`, `dataProcessingMethod`, `bizRules`: in the metadata or a report.
    case time, startTime, endTime, deviceID, dataProcessingMethod, bizRules
    /// A report's `type` (compared as measurement-type URIs) and its other plain fields.
    case type, microorganism, chemicalSubstance, stringValue, booleanValue, hexBinaryValue, uriValue, percRank
    /// A report's measure (`value`, `minValue`, `maxValue`, `meanValue`, `sDev`, `percValue`) in unit `uom`.
    case measure(String, uom: String)

    public static let measures: Set<String> = ["value", "minValue", "maxValue", "meanValue", "sDev", "percValue"]

    /// The field of an unparameterised name (`EQ_deviceID` → deviceID), nil for another name.
    public init?(name: String) {
        switch name {
        case "time": self = .time
        case "startTime": self = .startTime
        case "endTime": self = .endTime
        case "deviceID": self = .deviceID
        case "dataProcessingMethod": self = .dataProcessingMethod
        case "bizRules": self = .bizRules
        case "type": self = .type
        case "microorganism": self = .microorganism
        case "chemicalSubstance": self = .chemicalSubstance
        case "stringValue": self = .stringValue
        case "booleanValue": self = .booleanValue
        case "hexBinaryValue": self = .hexBinaryValue
        case "uriValue": self = .uriValue
        case "percRank": self = .percRank
        default: return nil
        }
    }

    var key: String {
        switch self {
        case .time: "time"
        case .startTime: "startTime"
        case .endTime: "endTime"
        case .deviceID: "deviceID"
        case .dataProcessingMethod: "dataProcessingMethod"
        case .bizRules: "bizRules"
        case .type: "type"
        case .microorganism: "microorganism"
        case .chemicalSubstance: "chemicalSubstance"
        case .stringValue: "stringValue"
        case .booleanValue: "booleanValue"
        case .hexBinaryValue: "hexBinaryValue"
        case .uriValue: "uriValue"
        case .percRank: "percRank"
        case .measure(let m, _): m
        }
    }

    /// Whether the metadata may carry the field as well as the reports.
    var inMetadata: Bool {
        switch self {
        case .time, .startTime, .endTime, .deviceID, .dataProcessingMethod, .bizRules: true
        default: false
        }
    }

    func holds(in e: EPCISEvent, _ c: Comparison) -> Bool {
        e.sensorElementList.contains { se in
            if inMetadata, let m = se.sensorMetadata, let v = m[key], test(v, c) { return true }
            return se.sensorReport.contains { r in
                if case .measure(_, let uom) = self, r["uom"]?.stringValue != uom { return false }
                guard let v = r[key] else { return false }
                return test(v, c)
            }
        }
    }

    func test(_ v: JSONValue, _ c: Comparison) -> Bool {
        guard case .type = self, case .string(let s) = v, case .anyOf(let values) = c else { return c.holds(v) }
        let t = CBVCanonical.measurementType(s)
        return values.contains { CBVCanonical.measurementType($0.raw) == t }
    }
}

/// `EPCISEvent` → JSON-LD, members in the order of the EPCIS 2.0 JSON examples.
extension EPCISEvent {
    public var json: JSONValue { .object(jsonObject) }

    public var jsonObject: JSONObject {
        var o = JSONObject()
        if let context { o["@context"] = context }
        o["type"] = .string(type.rawValue)
        if let eventID { o["eventID"] = .string(eventID) }
        o["eventTime"] = .string(eventTime)
        if let recordTime { o["recordTime"] = .string(recordTime) }
        o["eventTimeZoneOffset"] = .string(eventTimeZoneOffset)
        if !certificationInfo.isEmpty {
            o["certificationInfo"] = certificationInfo.count == 1 ? .string(certificationInfo[0]) : .array(certificationInfo.map(JSONValue.string))
        }
        if let ed = errorDeclaration {
            var x = JSONObject()
            x["declarationTime"] = .string(ed.declarationTime)
            if let r = ed.reason { x["reason"] = .string(r) }
            if !ed.correctiveEventIDs.isEmpty { x["correctiveEventIDs"] = .array(ed.correctiveEventIDs.map(JSONValue.string)) }
            for (k, v) in ed.extensions { x[k] = v }
            o["errorDeclaration"] = .object(x)
        }
        if let parentID { o["parentID"] = .string(parentID) }
        func strings(_ key: String, _ list: [String]) { if !list.isEmpty { o[key] = .array(list.map(JSONValue.string)) } }
        func quantities(_ key: String, _ list: [QuantityElement]) {
            guard !list.isEmpty else { return }
            o[key] = .array(
                list.map { q in
                    var x = JSONObject()
                    x["epcClass"] = .string(q.epcClass)
                    if let n = q.quantity { x["quantity"] = .number(n) }
                    if let u = q.uom { x["uom"] = .string(u) }
                    return .object(x)
                })
        }
        strings("epcList", epcList)
        strings("childEPCs", childEPCs)
        strings("inputEPCList", inputEPCList)
        strings("outputEPCList", outputEPCList)
        quantities("quantityList", quantityList)
        quantities("childQuantityList", childQuantityList)
        quantities("inputQuantityList", inputQuantityList)
        quantities("outputQuantityList", outputQuantityList)
        if let action { o["action"] = .string(action.rawValue) }
        if let transformationID { o["transformationID"] = .string(transformationID) }
        if let bizStep { o["bizStep"] = .string(bizStep) }
        if let disposition { o["disposition"] = .string(disposition) }
        if let pd = persistentDisposition {
            var x = JSONObject()
            if !pd.set.isEmpty { x["set"] = .array(pd.set.map(JSONValue.string)) }
            if !pd.unset.isEmpty { x["unset"] = .array(pd.unset.map(JSONValue.string)) }
            o["persistentDisposition"] = .object(x)
        }
        func location(_ key: String, _ l: Location?) {
            guard let l else { return }
            var x = JSONObject()
            x["id"] = .string(l.id)
            for (k, v) in l.extensions { x[k] = v }
            o[key] = .object(x)
        }
        location("readPoint", readPoint)
        location("bizLocation", bizLocation)
        if !bizTransactionList.isEmpty {
            o["bizTransactionList"] = .array(
                bizTransactionList.map { b in
                    var x = JSONObject()
                    if let t = b.type { x["type"] = .string(t) }
                    x["bizTransaction"] = .string(b.bizTransaction)
                    return .object(x)
                })
        }
        func sd(_ key: String, _ member: String, _ list: [SourceDestination]) {
            guard !list.isEmpty else { return }
            o[key] = .array(list.map { .object(JSONObject([("type", .string($0.type)), (member, .string($0.id))])) })
        }
        sd("sourceList", "source", sourceList)
        sd("destinationList", "destination", destinationList)
        if !sensorElementList.isEmpty {
            o["sensorElementList"] = .array(
                sensorElementList.map { se in
                    var x = JSONObject()
                    if let m = se.sensorMetadata { x["sensorMetadata"] = .object(m) }
                    x["sensorReport"] = .array(se.sensorReport.map(JSONValue.object))
                    for (k, v) in se.extensions { x[k] = v }
                    return .object(x)
                })
        }
        if let ilmd { o["ilmd"] = .object(ilmd) }
        for (k, v) in extensions { o[k] = v }
        return o
    }
}

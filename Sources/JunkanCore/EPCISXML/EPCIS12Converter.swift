/// EPCIS 1.2 XML → EPCIS 2.0 XML, as GS1's `convert-1.2-to-2.0.xsl` specifies (`../shared/fixtures/epcis/gs1-EPCIS/XSL`),
/// over `XMLElementNode`s; `scripts/check-epcis-xml.py` compares its output with the stylesheet's, run by xsltproc.
///
/// The stylesheet's rules, kept: the document header is not carried over; each event keeps its base fields, then its
/// type's fields in the 2.0 order, the 1.2 `extension` (and `extension/extension`) fields lifted to the event, the rest
/// of `extension/extension` in one `extension`, and every other child (user extensions, `baseExtension`) copied after.
/// An unqualified `extension` element is never copied as such. Where the stylesheet would lose data silently, Junkan
/// refuses or keeps instead: a `QuantityEvent` (which the stylesheet drops) is refused, naming its line; an ObjectEvent's
/// 1.2 `extension/ilmd` (which the stylesheet drops) becomes its `ilmd`.
public enum EPCIS12Converter {
    /// Whether `root` is an EPCIS 1.x capture document (1.0, 1.1 and 1.2 share the namespace and, for what 2.0 keeps,
    /// the structure).
    public static func isEPCIS1(_ root: XMLElementNode) -> Bool {
        root.name == "EPCISDocument" && root.namespace == EPCISXMLNamespace.epcis1
    }

    public static func convert(_ root: XMLElementNode) throws(EPCISXMLError) -> XMLElementNode {
        var document = XMLElementNode(name: "EPCISDocument", namespace: EPCISXMLNamespace.epcis2, prefix: "epcis", line: root.line)
        document.attributes = [.init(name: "schemaVersion", value: "2.0"), .init(name: "creationDate", value: root.attribute("creationDate") ?? "")]
        var body = XMLElementNode(name: "EPCISBody", line: root.line)
        for b in root.children(named: "EPCISBody") {
            body.attributes += b.attributes
            for c in b.children {
                if c.namespace == nil, c.name == "EventList" {
                    body.children.append(try eventList(c))
                } else if let copy = copyNodes(c) {
                    body.children.append(copy)
                }
            }
        }
        document.children = [body]
        return document
    }

    private static func eventList(_ list: XMLElementNode) throws(EPCISXMLError) -> XMLElementNode {
        var out = XMLElementNode(name: "EventList", attributes: list.attributes, line: list.line)
        for e in list.children where e.namespace == nil {
            switch e.name {
            case "ObjectEvent": out.children.append(objectEvent(e))
            case "AggregationEvent": out.children.append(aggregationEvent(e))
            case "TransactionEvent": out.children.append(transactionEvent(e))
            case "QuantityEvent":
                throw EPCISXMLError(at: e, "QuantityEvent has no EPCIS 2.0 form (GS1's conversion drops it); send it as an ObjectEvent with a quantityList")
            case "extension":
                for t in e.children where t.namespace == nil {
                    if t.name == "TransformationEvent" { out.children.append(transformationEvent(t)) }
                    if t.name == "extension" {
                        for a in t.children where a.namespace == nil && a.name == "AssociationEvent" { out.children.append(associationEvent(a)) }
                    }
                }
            default: continue
            }
        }
        return out
    }

    // MARK: - The stylesheet's copy-nodes mode

    /// Unqualified elements the stylesheet's copy-nodes mode never copies.
    static let notCopied: Set<String> = [
        "EPCISBody", "EventList", "ObjectEvent", "AggregationEvent", "TransformationEvent", "TransactionEvent", "AssociationEvent", "extension"
    ]

    /// A deep copy, without the elements of `notCopied` at any depth.
    static func copyNodes(_ e: XMLElementNode) -> XMLElementNode? {
        if e.namespace == nil, notCopied.contains(e.name) { return nil }
        var copy = e
        copy.children = e.children.compactMap(copyNodes)
        return copy
    }

    /// The unqualified children of `e` named in `names`, in document order, copied.
    static func select(_ e: XMLElementNode?, _ names: Set<String>) -> [XMLElementNode] {
        (e?.children ?? []).filter { $0.namespace == nil && names.contains($0.name) }.compactMap(copyNodes)
    }

    static func child(_ e: XMLElementNode?, _ name: String) -> XMLElementNode? { e?.children(named: name).first }

    /// The children that are not the event's standard fields (names compared as the stylesheet's `name()`: a
    /// namespaced element is never one of them), copied.
    static func others(_ e: XMLElementNode, except names: Set<String>) -> [XMLElementNode] {
        e.children.filter { $0.namespace != nil || !names.contains($0.name) }.compactMap(copyNodes)
    }

    /// `<extension>` of the children of `source` other than sensorElementList and persistentDisposition, when any.
    static func remainingExtension(_ source: XMLElementNode?) -> [XMLElementNode] {
        guard let source else { return [] }
        let rest = source.children.filter { !($0.namespace == nil && ["sensorElementList", "persistentDisposition"].contains($0.name)) }
        guard !rest.isEmpty else { return [] }
        return [XMLElementNode(name: "extension", attributes: source.attributes, children: rest.compactMap(copyNodes), line: source.line)]
    }

    static func emptyUnlessPresent(_ e: XMLElementNode, _ name: String) -> [XMLElementNode] {
        let present = select(e, [name])
        return present.isEmpty ? [XMLElementNode(name: name, line: e.line)] : present
    }

    // MARK: - Events

    static let baseNames: Set<String> = ["eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration"]

    /// `convert-EPCISEvent`: the times, then eventID and errorDeclaration (when the event has them directly) in a
    /// `baseExtension`.
    static func base(_ e: XMLElementNode) -> [XMLElementNode] {
        var out = select(e, ["eventTime"]) + select(e, ["recordTime"]) + select(e, ["eventTimeZoneOffset"])
        let ids = select(e, ["eventID"])
        let declaration = child(e, "errorDeclaration")
        if !ids.isEmpty || declaration != nil {
            var ext = XMLElementNode(name: "baseExtension", line: e.line)
            ext.children = ids
            if let d = declaration {
                var copy = XMLElementNode(name: "errorDeclaration", attributes: d.attributes, line: d.line)
                copy.children = select(d, ["declarationTime"]) + select(d, ["reason"]) + select(d, ["correctiveEventIDs"])
                copy.children += d.children.filter {
                    $0.namespace != nil || !["declarationTime", "reason", "correctiveEventIDs", "extension"].contains($0.name)
                }
                .compactMap(copyNodes)
                ext.children.append(copy)
            }
            out.append(ext)
        }
        return out
    }

    static func event(_ e: XMLElementNode, _ children: [XMLElementNode]) -> XMLElementNode {
        XMLElementNode(name: e.name, attributes: e.attributes, children: children, line: e.line)
    }

    static let located: Set<String> = ["action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList"]
    static let sensorAndPersistent: Set<String> = ["sensorElementList", "persistentDisposition"]

    static func objectEvent(_ e: XMLElementNode) -> XMLElementNode {
        let ext = child(e, "extension")
        var c = base(e) + emptyUnlessPresent(e, "epcList") + select(e, located)
        c += select(ext, ["quantityList", "sourceList", "destinationList"]) + select(child(ext, "extension"), sensorAndPersistent)
        // Junkan keeps a 1.2 ILMD, which 1.2 puts in the extension (the stylesheet reads only a direct ilmd).
        let ilmd = select(e, ["ilmd"])
        c += ilmd.isEmpty ? ext.flatMap { x in x.children(named: "ilmd").prefix(1).map(ilmdCopy) } ?? [] : ilmd
        c += remainingExtension(child(ext, "extension"))
        c += others(
            e,
            except: baseNames.union(located).union(["epcList", "quantityList", "sourceList", "destinationList", "ilmd", "extension"]).union(sensorAndPersistent)
        )
        return event(e, c)
    }

    /// An ILMD with its own 1.2 `extension` wrapper kept as the stylesheet's copy would treat a direct one (not copied).
    static func ilmdCopy(_ i: XMLElementNode) -> XMLElementNode { copyNodes(i) ?? i }

    static func aggregationEvent(_ e: XMLElementNode) -> XMLElementNode {
        let ext = child(e, "extension")
        var c = base(e) + select(e, ["parentID"]) + emptyUnlessPresent(e, "childEPCs") + select(e, located)
        c += select(ext, ["childQuantityList", "sourceList", "destinationList"]) + select(child(ext, "extension"), sensorAndPersistent)
        c += remainingExtension(child(ext, "extension"))
        c += others(
            e,
            except: baseNames.union(located).union(["parentID", "childEPCs", "childQuantityList", "sourceList", "destinationList", "extension"]).union(
                sensorAndPersistent))
        return event(e, c)
    }

    static func transformationEvent(_ e: XMLElementNode) -> XMLElementNode {
        let ext = child(e, "extension")
        let fields: Set<String> = [
            "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "bizStep", "disposition", "readPoint",
            "bizLocation", "bizTransactionList", "sourceList", "destinationList"
        ]
        var c = base(e) + select(e, fields) + select(ext, sensorAndPersistent) + select(e, ["ilmd"])
        c += remainingExtension(ext)
        c += others(e, except: baseNames.union(fields).union(["action", "ilmd", "extension"]).union(sensorAndPersistent))
        return event(e, c)
    }

    static func transactionEvent(_ e: XMLElementNode) -> XMLElementNode {
        let ext = child(e, "extension")
        // The stylesheet writes an empty epcList where bizTransactionList is missing (1.2 requires it, so valid input has it).
        let transactions = select(e, ["bizTransactionList"])
        var c = base(e) + (transactions.isEmpty ? [XMLElementNode(name: "epcList", line: e.line)] : transactions)
        c += select(e, ["parentID"]) + emptyUnlessPresent(e, "epcList") + select(e, ["action", "bizStep", "disposition", "readPoint", "bizLocation"])
        c += select(ext, ["quantityList", "sourceList", "destinationList"]) + select(child(ext, "extension"), sensorAndPersistent)
        c += remainingExtension(child(ext, "extension"))
        c += others(
            e,
            except: baseNames.union(located).union(["parentID", "epcList", "quantityList", "sourceList", "destinationList", "extension"]).union(
                sensorAndPersistent))
        return event(e, c)
    }

    static func associationEvent(_ e: XMLElementNode) -> XMLElementNode {
        let fields: Set<String> = ["parentID", "childEPCs", "childQuantityList"]
        var c = base(e) + select(e, fields.union(located).union(sensorAndPersistent))
        c += remainingExtension(child(e, "extension"))
        // The stylesheet names sourceList and destinationList among the fields but never copies them (an
        // AssociationEvent is a 2.0 event; a 1.2 document has none of its own).
        c += others(e, except: baseNames.union(fields).union(located).union(sensorAndPersistent).union(["sourceList", "destinationList", "extension"]))
        return event(e, c)
    }
}

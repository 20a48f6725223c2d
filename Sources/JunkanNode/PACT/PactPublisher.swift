import Foundation
public import JunkanCore
public import JunkanStore

/// Publishes a lot's computed footprint as a PACT v3 ProductFootprint: a new id every time (PACT 3 footprints are
/// immutable), listing and deprecating the organisation's earlier footprints of the same lot. Used by
/// `POST /footprints/publish` and `junkan pact publish`.
public struct PactPublisher: Sendable {
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case input(PactInputError)
        case unknownSubject(String)
        case dataQuality(String, [DataQualityIssue])
        case invalid(PactInputError)
        case busy

        public var description: String {
            switch self {
            case .input(let e), .invalid(let e): e.description
            case .unknownSubject(let id): "no captured event mentions \(id)"
            case .dataQuality(let id, let issues):
                "the footprint of \(id) has \(issues.count) data-quality issue\(issues.count == 1 ? "" : "s") ("
                    + issues.prefix(3).map(\.detail).joined(separator: "; ") + (issues.count > 3 ? "; …" : "")
                    + "): fix the trace, or publish with acceptDataQualityIssues: true to state them in the footprint's comment"
            case .busy: "the lot's footprints changed while publishing three times in a row; try again"
            }
        }
    }

    package let store: any PactStore & OwnershipStore
    package let trace: TraceIndex
    package let builder = ProductFootprintBuilder()

    public init(store: any PactStore & OwnershipStore, trace: TraceIndex) { self.store = store; self.trace = trace }

    /// The company id an organisation's footprints carry when the request names none.
    public static func companyID(_ org: Organisation) -> String { "urn:junkan:org:" + org.id }

    public func publish(_ body: JSONValue, by org: Organisation, now: Int64) async throws -> PactFootprintRecord {
        let publication: PactPublication
        do { publication = try PactPublication(parsing: body, companyName: org.name, defaultCompanyID: Self.companyID(org)) } catch {
            throw Failure.input(error)
        }
        let subject = CBVCanonical.identifier(publication.subject)
        // A footprint is its maker's statement about its product: only the owner of the subject's key or a grantee.
        if let refused = IdentifierNotOwned.check(
            publication.subject, at: JSONPointer(["id"]), rule: .footprint, organisationID: org.id,
            ownership: try await store.identifierOwnership())
        {
            throw refused
        }
        let graph = try await trace.snapshot()
        guard let footprint = FootprintCalculator(graph: graph).footprint(of: subject) else { throw Failure.unknownSubject(subject) }
        if !footprint.issues.isEmpty && !publication.acceptDataQualityIssues { throw Failure.dataQuality(subject, footprint.issues) }
        guard let productIDs = publication.productIds ?? ProductFootprintBuilder.defaultProductIDs(for: subject) else {
            throw Failure.input(PactInputError("/productIds", "is required: \(subject) is neither a GS1 key nor a URN to derive one from"))
        }
        guard
            let trail = Self.trail(graph, subject)
                ?? publication.referencePeriod.map({ .init(stepCount: 0, firstEventTime: $0.start, lastEventTime: $0.end) })
        else {
            throw Failure.input(
                PactInputError(
                    "/referencePeriodStart",
                    "no traced step or declaration dates \(subject): give "
                        + "referencePeriodStart and referencePeriodEnd"))
        }
        for _ in 0..<3 {
            let preceding = try await store.activePactFootprintIDs(organisationID: org.id, subject: subject)
            let id = UUID().uuidString.lowercased()
            let json: JSONObject
            do {
                json = try builder.footprint(
                    id: id, created: now, preceding: preceding, publication: publication, footprint: footprint,
                    trail: trail, productIDs: productIDs)
            } catch { throw Failure.invalid(error) }
            let referenceEnd = publication.referencePeriod?.end ?? trail.lastEventTime
            let facets = PactFootprintFacets(
                status: "Active", productIds: productIDs, companyIds: publication.companyIds, classifications: publication.productClassifications,
                geography: publication.geography?.member.value, validFrom: publication.validityPeriod.start ?? referenceEnd,
                validTo: publication.validityPeriod.end ?? referenceEnd + ProductFootprintBuilder.defaultValidityMilliseconds)
            let record = PactFootprintRecord(
                id: id, organisationID: org.id, subject: subject, created: now, facets: facets,
                json: JSONWriter.string(.object(json)))
            if try await store.publishPactFootprint(record, replacing: preceding) { return record }
        }
        throw Failure.busy
    }

    /// The traced steps upstream of `subject` within the footprint's boundary and the span of the event times of those
    /// steps and of the declarations of the untraced lots they start from; nil when nothing upstream has a time.
    package static func trail(_ graph: TraceGraph, _ subject: String) -> ProductFootprintBuilder.Trail? {
        // Iterative: a real trace can be thousands of steps deep.
        var times: [Int64] = []
        var steps = Set<Int>()
        var visited: Set<String> = [subject]
        var stack = [subject]
        while let id = stack.popLast() {
            let producers = graph.producers(of: id)
            if producers.isEmpty, let d = graph.declaration(of: id) { times.append(d.eventTime) }
            for s in producers where steps.insert(s).inserted {
                let step = graph.steps[s]
                times.append(step.eventTime)
                // As the footprint: the history of a recycling step's waste inputs is outside the boundary (cut-off).
                guard !step.cutOff else { continue }
                for input in step.inputs where visited.insert(input.id).inserted { stack.append(input.id) }
            }
        }
        let stepCount = steps.filter { graph.steps[$0].kind == .transformation }.count
        guard let first = times.min(), let last = times.max() else { return nil }
        return .init(stepCount: stepCount, firstEventTime: first, lastEventTime: last)
    }
}

import Foundation
public import JunkanCore
public import JunkanStore

/// Writes to the materials bank: documents are decoded and checked (`JunkanCore`), stored, and applied to the
/// in-memory index. The routes, the import route and `junkan import materials` (without an index) share it.
public struct MaterialCatalogue: Sendable {
    package let store: any MaterialStore
    package let index: MaterialIndex?
    package let now: @Sendable () -> Int64

    public init(store: any MaterialStore, index: MaterialIndex?, now: @escaping @Sendable () -> Int64) {
        self.store = store; self.index = index; self.now = now
    }

    /// One document of an import or a request body, decoded or refused.
    package enum Decoded {
        case grade(Grade)
        case lot(MaterialLot)
        case request(MaterialRequest)
        package var record: (kind: MaterialRecord.Kind, id: String, grade: String?, json: JSONValue) {
            switch self {
            case .grade(let g): (.grade, g.id, nil, g.json)
            case .lot(let l): (.lot, l.id, l.grade, l.json)
            case .request(let r): (.request, r.id, nil, r.json)
            }
        }
    }

    /// The kinds of the grades lots may refer to (from the index when there is one: no database read per lot).
    package func gradeKinds() async throws -> [String: MaterialKind] {
        if let index { return try await index.snapshot().grades.mapValues(\.kind) }
        var kinds: [String: MaterialKind] = [:]
        for r in try await store.materials(.grade) {
            if let json = try? JSONParser.parse(r.json), let g = try? Grade.decode(json) { kinds[g.id] = g.kind }
        }
        return kinds
    }

    package func decode(
        _ kind: MaterialRecord.Kind, _ json: JSONValue, id pathID: String? = nil, kinds: [String: MaterialKind]
    ) throws(MaterialError) -> Decoded {
        var json = json
        if let pathID, case .object(var o) = json {
            if let given = o["id"], given != .null {
                let same = kind == .lot ? (try? MaterialLot.canonicalID(given.stringValue ?? "")) == pathID : given.stringValue == pathID
                guard same else { throw MaterialError("/id", "the body's id differs from the one in the path (\(pathID))") }
            }
            o["id"] = .string(pathID)
            json = .object(o)
        }
        switch kind {
        case .grade: return .grade(try Grade.decode(json, defaultID: "grade-" + Self.newID()))
        case .request: return .request(try MaterialRequest.decode(json, defaultID: "req-" + Self.newID()))
        case .lot:
            let gradeID = try MaterialLot.gradeID(json)
            guard let gradeKind = kinds[gradeID] else {
                throw MaterialError("/grade", "grade \(gradeID) does not exist: create the grade first (POST /materials/grades)")
            }
            return .lot(try MaterialLot.decode(json, kind: gradeKind))
        }
    }

    package static func newID() -> String { String(UUID().uuidString.lowercased().prefix(13)).replacingOccurrences(of: "-", with: "") }

    /// Stores decoded documents for `owner`; the summary has one outcome per document.
    package func write(_ docs: [Decoded], owner: String, mode: MaterialWriteMode) async throws -> MaterialWriteSummary {
        let time = now()
        let records = docs.map { d in
            let r = d.record
            return MaterialRecord(kind: r.kind, id: r.id, owner: owner, grade: r.grade, json: JSONWriter.string(r.json), updatedAt: time)
        }
        let summary = try await store.putMaterials(records, mode: mode)
        if let index {
            var grades: [Grade] = [], lots: [MaterialLot] = []
            for (d, outcome) in zip(docs, summary.outcomes) where outcome == nil {
                if case .grade(let g) = d { grades.append(g) }
                if case .lot(let l) = d { lots.append(l) }
            }
            if grades.isEmpty && lots.isEmpty {
                if summary.created + summary.replaced > 0 { await index.applied(revision: summary.revision) }
            } else {
                await index.applied(grades: grades, lots: lots, revision: summary.revision)
            }
        }
        return summary
    }

    package func delete(_ kind: MaterialRecord.Kind, id: String, owner: String) async throws {
        let deletion = try await store.deleteMaterial(kind, id: id, owner: owner)
        if deletion.withdrawn {
            await index?.applied(withdrawnGrade: id, revision: deletion.revision)
        } else {
            await index?.applied(removedGrade: kind == .grade ? id : nil, removedLot: kind == .lot ? id : nil, revision: deletion.revision)
        }
    }

    /// Stores buyers' requests (for `junkan demo`); the first that does not decode or store is an error.
    public func createRequests(_ documents: [JSONValue], owner: String) async throws {
        var decoded: [Decoded] = []
        for (i, d) in documents.enumerated() {
            do { decoded.append(try decode(.request, d, kinds: [:])) } catch { throw error.under("/requests/\(i)") }
        }
        let summary = try await write(decoded, owner: owner, mode: .upsert)
        if let failure = summary.outcomes.compactMap({ $0 }).first { throw MaterialError("/requests", failure.reason) }
    }

    /// The JSON of lots as shown (`MaterialViews.lot`), in the order given: read from the store in one read, since a
    /// profile keeps only what search and matching read. A lot deleted since the profiles were taken is left out.
    package func lotViews(_ profiles: [LotProfile], grades: [String: Grade]) async throws -> [JSONValue] {
        let records = try await store.materials(.lot, ids: profiles.map(\.id))
        return profiles.compactMap { p in
            guard let r = records[p.id], let json = try? JSONParser.parse(r.json), let lot = try? MaterialLot.decode(json, kind: p.kind) else {
                return nil
            }
            return MaterialViews.lot(lot, p, grade: grades[p.lot.grade])
        }
    }

    package func request(_ id: String) async throws -> MaterialRequest? {
        guard let r = try await store.material(.request, id: id), let json = try? JSONParser.parse(r.json) else { return nil }
        return try? MaterialRequest.decode(json)
    }
}

public import JunkanCore
public import JunkanStore

/// Declarations in, compliance out (issue 31): declarations are kept per organisation under the identifier they
/// declare; a compliance check reads the trace graph upstream of a product or lot, the declarations of everything in
/// it, rolls up (`SubstanceRollUp`) and checks each list (`SubstanceCompliance`).
public struct SubstanceService: Sendable {
    let store: any SubstanceStore & SubstanceListStore & OwnershipStore & MaterialStore & ProductStore
    let trace: TraceIndex
    let cache = DeclarationCache()

    public init(store: any SubstanceStore & SubstanceListStore & OwnershipStore & MaterialStore & ProductStore, trace: TraceIndex) {
        self.store = store
        self.trace = trace
    }

    /// Keeps the declarations an organisation sends, all or none.
    public func keep(_ declarations: [(MaterialDeclaration, format: String)], organisationID: String, at now: Int64) async throws {
        try await store.storeDeclarations(Self.stored(declarations, organisationID: organisationID, at: now))
    }

    /// The records a store keeps of them.
    public static func stored(_ declarations: [(MaterialDeclaration, format: String)], organisationID: String, at now: Int64) -> [StoredDeclaration] {
        declarations.map { d, format in
            StoredDeclaration(subject: d.subject, organisationID: organisationID, declaration: JSONWriter.string(d.json), format: format, receivedAt: now)
        }
    }

    /// What a check read and found.
    public struct Check: Sendable {
        public var article: RolledArticle
        public var reports: [ComplianceReport]
        /// The declarations used, by subject, with the organisation that brought each.
        public var declarations: [(StoredDeclaration, MaterialDeclaration)]
    }

    /// `id`'s roll-up and its check against `lists` on `day`; nil when nothing here names `id` (no event, no declaration).
    public func check(_ id: String, against lists: [RestrictedSubstanceList], on day: String) async throws -> Check? {
        let graph = try await trace.snapshot()
        let upstream = SubstanceSources.upstream(of: id, in: graph)
        let stored = try await store.declarations(subjects: upstream.subjects)
        let bank = try await bankDeclarations(upstream.subjects)
        guard graph.contains(id) || !stored.isEmpty || !bank.isEmpty else { return nil }
        let ownership = try await store.identifierOwnership()
        // Of several organisations' declarations of one subject, the one that speaks for the identifier's owner (its
        // maker, or a grantee) is used; else the latest received.
        var chosen: [String: (StoredDeclaration, MaterialDeclaration)] = [:]
        for (s, d) in cache.read(stored) where Self.mayDeclare(s.organisationID, s.subject, checking: id, ownership) {
            if let current = chosen[s.subject]?.0 {
                let owner = { (o: String) in ownership.speaksForOwner(organisationID: o, identifier: s.subject) }
                let better = owner(s.organisationID) && !owner(current.organisationID)
                let sameStanding = owner(s.organisationID) == owner(current.organisationID)
                guard better || (sameStanding && s.receivedAt > current.receivedAt) else { continue }
            }
            chosen[s.subject] = (s, d)
        }
        // A lot on offer in the materials bank declares its measured substances; a declaration sent for it comes first.
        for (subject, declared) in bank where chosen[subject] == nil { chosen[subject] = declared }
        let sources = SubstanceSources(declarations: chosen.mapValues(\.1), makings: upstream.makings)
        // Only what the lists name is carried through the roll-up (its answer shows only that).
        let article = SubstanceRollUp.article(id, in: sources, keeping: SubstanceRollUp.Selection(lists: lists))
        return Check(
            article: article, reports: SubstanceCompliance.check(article, against: lists, on: day),
            declarations: chosen.keys.sorted().map { chosen[$0]! })
    }

    /// Whose declaration of `subject` a check of `root` reads (one company does not speak for another): the subject's
    /// owner or a grantee (a supplier declaring its own part), or the root's (the maker, which imports its suppliers'
    /// declarations of their parts for its product). A subject no one here owns has no one to speak for it: anyone's
    /// declaration of it is read, the owner's-first rule aside.
    static func mayDeclare(_ organisationID: String, _ subject: String, checking root: String, _ ownership: IdentifierOwnership) -> Bool {
        ownership.owner(of: subject) == nil || ownership.speaksForOwner(organisationID: organisationID, identifier: subject)
            || ownership.speaksForOwner(organisationID: organisationID, identifier: root)
    }

    /// The materials bank's lots among `subjects`, as declarations of their substances (format `materials-bank`).
    private func bankDeclarations(_ subjects: [String]) async throws -> [String: (StoredDeclaration, MaterialDeclaration)] {
        let lots = try await store.materials(.lot, ids: subjects)
        guard !lots.isEmpty else { return [:] }
        let grades = try await store.materials(.grade, ids: Array(Set(lots.values.compactMap(\.grade))))
        var found: [String: (StoredDeclaration, MaterialDeclaration)] = [:]
        for (id, record) in lots {
            // Records in the bank were checked when written; one that no longer reads is left out, not guessed at.
            guard let gradeRecord = record.grade.flatMap({ grades[$0] }),
                let grade = try? Grade.decode(try JSONParser.parse(gradeRecord.json)),
                let lot = try? MaterialLot.decode(try JSONParser.parse(record.json), kind: grade.kind),
                let declaration = MaterialDeclaration.of(lot, grade: grade, supplier: record.owner)
            else { continue }
            found[id] = (
                StoredDeclaration(
                    subject: id, organisationID: record.owner, declaration: "", format: "materials-bank", receivedAt: record.updatedAt),
                declaration
            )
        }
        return found
    }
}

package import JunkanCore

extension PassportService {
    /// The representation of the passport at `level` (cached with the assembled passport it was written from).
    package func rendered(
        subject: PassportSubject, assembled: PassportAssembler.Assembled, level: AccessLevel,
        format: PassportFormat
    ) async throws -> String {
        let key = "\(subject.id) \(level.rawValue) \(format.rawValue)"
        if let hit = renderedCache[key], hit.stamp == assembled.stamp { return hit.text }
        let passport = assembled.passport.redacted(to: level)
        let base = configuration.baseURL
        let text: String
        switch format {
        case .html:
            text = try PassportPage.html(passport, resolverURL: base + subject.resolverPath, passportURL: base + subject.passportPath)
        case .json:
            text = JSONWriter.string(passport.json())
        case .ldJSON, .jwt:
            let (issuer, seed) = try await self.issuer(of: assembled)
            let credential = PassportCredential.credential(
                passport, id: base + subject.passportPath, issuer: issuer,
                validFrom: Passport.isoTime(assembled.assembledAt), baseURL: base)
            if format == .ldJSON {
                text = JSONWriter.string(credential)
            } else {
                guard assembled.ownerID != nil else { throw PassportError.noMaker(gtin: subject.gtin) }
                guard let seed else { throw PassportError.makerKeepsItsKey }
                text = try PassportCredential.jwt(credential, issuer: issuer, seed: seed)
            }
        }
        remember(key, stamp: assembled.stamp, text: text)
        return text
    }
}

public import JunkanCore

/// One offline blend (`junkan materials blend`): grades, lots and a request as JSON documents in, the blend's JSON out.
public enum MaterialBlendRun {
    public static func blend(_ instance: JSONValue) throws(MaterialError) -> JSONValue {
        guard let o = instance.objectValue else { throw MaterialError("", "an instance is an object {grades, lots, request}") }
        var grades: [String: Grade] = [:]
        for (i, g) in (o["grades"]?.arrayValue ?? []).enumerated() {
            do { let grade = try Grade.decode(g); grades[grade.id] = grade } catch { throw error.under("/grades/\(i)") }
        }
        var keys = PropertyKeys()
        var profiles: [LotProfile] = []
        for (i, l) in (o["lots"]?.arrayValue ?? []).enumerated() {
            do throws(MaterialError) {
                let gradeID = try MaterialLot.gradeID(l)
                guard let grade = grades[gradeID] else { throw MaterialError("/grade", "grade \(gradeID) is not in the instance") }
                profiles.append(LotProfile(lot: try MaterialLot.decode(l, kind: grade.kind), grade: grade, keys: &keys))
            } catch { throw error.under("/lots/\(i)") }
        }
        let request: MaterialRequest
        do { request = try MaterialRequest.decode(o["request"] ?? .null, defaultID: "offline") } catch { throw error.under("/request") }
        return MaterialViews.blend(request, BlendOptimizer.blend(request, profiles: profiles, keys: keys))
    }
}

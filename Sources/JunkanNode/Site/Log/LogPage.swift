import Foundation
package import JunkanCore
package import JunkanLedger
package import JunkanStore

/// `GET /log`: the node's transparency log as a reader checks it: its checkpoints over time (size against time, and
/// the latest ones with their witnesses' cosignatures), each trusted witness and the last checkpoint it cosigned, and
/// how to verify the log and a passport offline with nothing but the log's key.
package struct LogPage: Sendable {
    let store: any NodeStore
    let logKey: NoteVerifierKey?
    let witnessKeys: [NoteVerifierKey]
    let baseURL: String
    /// The latest checkpoints listed; the chart draws at most `chartPoints`.
    static let listed = 12
    static let chartPoints = 240

    package init(store: any NodeStore, logKey: NoteVerifierKey?, witnessKeys: [NoteVerifierKey], baseURL: String) {
        self.store = store; self.logKey = logKey; self.witnessKeys = witnessKeys; self.baseURL = baseURL
    }

    package func render(now: Int64) async throws -> String {
        async let auditRead = store.nodeSetting(.lastAudit)
        let checkpoints = try await store.checkpoints().sorted { $0.size < $1.size }
        let newest = Array(checkpoints.suffix(Self.listed).reversed())
        var witnesses: [[String: Any]] = []
        var names = witnessKeys.map(\.name)
        for name in Set(checkpoints.flatMap(\.cosignatures.keys)).sorted() where !names.contains(name) { names.append(name) }
        for name in names {
            let last = checkpoints.last { $0.cosignatures[name] != nil }
            var w: [String: Any] = ["name": name, "trusted": witnessKeys.contains { $0.name == name }]
            if let last {
                w["last"] = "size \(DisplayFormat.number(Double(last.size))), \(DisplayAge.ago(last.createdAt, now: now))"
                let behind = (checkpoints.last?.size ?? 0) - last.size
                if behind > 0 { w["behind"] = "\(DisplayFormat.number(Double(behind))) leaves behind the latest checkpoint" }
            } else {
                w["last"] = "no cosignature yet"
            }
            witnesses.append(w)
        }
        var view: [String: Any] = [
            "title": "Log", "baseURL": baseURL, "origin": logKey?.name ?? "", "hasKey": logKey != nil,
            "checkpointCount": DisplayFormat.number(Double(checkpoints.count)),
            "size": DisplayFormat.number(Double(checkpoints.last?.size ?? 0)),
            "checkpoints": newest.map { c -> [String: Any] in
                [
                    "size": DisplayFormat.number(Double(c.size)), "at": ISO8601Timestamp.utcString(epochMilliseconds: c.createdAt),
                    "age": DisplayAge.ago(c.createdAt, now: now), "cosignatures": c.cosignatures.keys.sorted().joined(separator: ", "),
                    "cosigned": !c.cosignatures.isEmpty
                ]
            },
            "hasCheckpoints": !checkpoints.isEmpty, "witnesses": witnesses, "hasWitnesses": !witnesses.isEmpty,
            "chart": Self.chart(checkpoints)
        ]
        if let audit = try await auditRead.flatMap(AuditRecord.init(json:)) {
            view["audit"] = [
                "at": ISO8601Timestamp.utcString(epochMilliseconds: audit.at), "age": DisplayAge.ago(audit.at, now: now),
                "summary": "\(DisplayFormat.number(Double(audit.events))) events, \(DisplayFormat.number(Double(audit.leaves))) leaves, "
                    + "\(DisplayFormat.number(Double(audit.tiles))) tiles, \(DisplayFormat.number(Double(audit.checkpoints))) checkpoints recomputed"
                    + (audit.signaturesChecked ? "" : " (checkpoint signatures not checked: no log key)"),
                "consistent": audit.problems.isEmpty, "problems": audit.problems
            ]
        }
        return try PageTemplates.render(view, "log")
    }

    /// The log's size against time, a point per checkpoint (evenly thinned to `chartPoints`), as an inline SVG.
    static func chart(_ checkpoints: [StoredCheckpoint]) -> String {
        let (w, h, left, bottom) = (ChartFrame.width, ChartFrame.height, 56.0, 28.0)
        let title = "Log size over time"
        guard let first = checkpoints.first, let last = checkpoints.last else {
            return ChartFrame.empty(id: "log", title: title, text: "No checkpoint yet: nothing has been sequenced into the log.")
        }
        var svg = ChartFrame.open(
            id: "log", title: title,
            desc: "\(checkpoints.count) checkpoints from size \(first.size) to \(last.size), "
                + "\(ISO8601Timestamp.utcString(epochMilliseconds: first.createdAt)) to \(ISO8601Timestamp.utcString(epochMilliseconds: last.createdAt)).")
        let stride = max(1, checkpoints.count / chartPoints)
        var points = Swift.stride(from: 0, to: checkpoints.count, by: stride).map { checkpoints[$0] }
        if points.last != last { points.append(last) }
        let t0 = Double(first.createdAt), t1 = max(Double(last.createdAt), t0 + 1)
        let s1 = max(Double(last.size), 1)
        func x(_ t: Int64) -> Double { left + (Double(t) - t0) / (t1 - t0) * (w - left - 12) }
        func y(_ s: UInt64) -> Double { h - bottom - Double(s) / s1 * (h - bottom - 12) }
        svg += "<line class=\"grid\" x1=\"\(Int(left))\" y1=\"\(Int(h - bottom))\" x2=\"\(Int(w - 12))\" y2=\"\(Int(h - bottom))\"/>"
        svg += "<text class=\"axis\" x=\"\(Int(left - 6))\" y=\"\(Int(y(last.size)) + 4)\" text-anchor=\"end\">\(last.size)</text>"
        svg += "<text class=\"axis\" x=\"\(Int(left - 6))\" y=\"\(Int(h - bottom) + 4)\" text-anchor=\"end\">0</text>"
        svg += "<text class=\"axis\" x=\"\(Int(left))\" y=\"\(Int(h - 8))\">\(ISO8601Timestamp.utcString(epochMilliseconds: first.createdAt).prefix(10))</text>"
        svg +=
            "<text class=\"axis\" x=\"\(Int(w - 12))\" y=\"\(Int(h - 8))\" text-anchor=\"end\">\(ISO8601Timestamp.utcString(epochMilliseconds: last.createdAt).prefix(10))</text>"
        let path = points.map { String(format: "%.1f,%.1f", x($0.createdAt), y($0.size)) }.joined(separator: " ")
        svg += "<polyline class=\"rate\" points=\"\(path)\"/>"
        for p in points where !p.cosignatures.isEmpty && points.count <= 60 {
            svg += String(
                format: "<circle class=\"rate-point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>size %llu, cosigned</title></circle>", x(p.createdAt), y(p.size),
                p.size)
        }
        return svg + "</svg>"
    }
}

/// How long ago something happened, as a person says it ("4 min ago", "3 days ago"), from ms since the epoch.
package enum DisplayAge {
    package static func ago(_ then: Int64, now: Int64) -> String {
        let s = max(0, (now - then) / 1000)
        switch s {
        case ..<60: return "\(s) s ago"
        case ..<3600: return "\(s / 60) min ago"
        case ..<172_800: return "\(s / 3600) h ago"
        default: return "\(s / 86400) days ago"
        }
    }
}

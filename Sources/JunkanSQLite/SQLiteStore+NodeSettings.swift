import GRDB
public import JunkanStore

extension SQLiteStore: NodeSettingsStore {
    /// v18: the node's settings that all its processes share (`NodeSettingsStore`).
    static func registerNodeSettingsMigration(_ m: inout DatabaseMigrator) {
        m.registerSQL("v18: node settings", sql: "CREATE TABLE node_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    }

    public func nodeSetting(_ setting: NodeSetting) async throws -> String? {
        try await pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM node_settings WHERE name = ?", arguments: [setting.rawValue]) }
    }

    public func nodeSetting(_ setting: NodeSetting, proposing proposed: String) async throws -> String {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO node_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", arguments: [setting.rawValue, proposed])
            return try String.fetchOne(db, sql: "SELECT value FROM node_settings WHERE name = ?", arguments: [setting.rawValue]) ?? proposed
        }
    }

    public func replaceNodeSetting(_ setting: NodeSetting, with value: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO node_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                arguments: [setting.rawValue, value])
        }
    }
}

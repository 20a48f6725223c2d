import Logging
import PostgresNIO

/// The PostgreSQL schema as named, append-only migrations, recorded in `junkan_migrations` as the SQLite store records
/// its own (never edit one that has shipped: add the next). The first is the shape the SQLite store reached at its v18,
/// in PostgreSQL's types; the two backends keep the same tables and columns, so a database reads the same on either.
enum PostgresSchema {
    static let migrations: [(name: String, statements: [String])] = [
        ("v1: the schema of SQLite v18", v1),
        ("v2: peers (SQLite v19)", v2),
        ("v3: release policies (SQLite v20)", v3),
        ("v4: split views (SQLite v21)", v4),
        ("v5: release grants (SQLite v22)", v5),
        ("v6: release records (SQLite v23)", v6),
        ("v7: mirrors of peers' logs (SQLite v24)", v7),
        ("v8: data-space policies, peer groups, negotiations and transfers (SQLite v25)", v8),
        ("v9: Ouranos accounts, API keys, tokens and plants (SQLite v26)", v9),
        ("v10: named EPCIS queries (SQLite v27)", v10),
        ("v11: query subscriptions (SQLite v28)", v11),
        ("v12: EPCIS master data (SQLite v29)", v12),
        ("v13: events by organisation (SQLite v30)", ["CREATE INDEX events_by_organisation ON events (organisation_id, event_time)"]),
        (
            "v14: material declarations (SQLite v31)",
            [
                """
                CREATE TABLE substance_declarations (
                    subject TEXT NOT NULL, organisation_id TEXT NOT NULL, declaration TEXT NOT NULL, format TEXT NOT NULL,
                    received_at BIGINT NOT NULL, PRIMARY KEY (subject, organisation_id)
                )
                """
            ]
        ),
        (
            "v15: restricted-substance lists (SQLite v32)",
            [
                """
                CREATE TABLE substance_lists (
                    id TEXT NOT NULL, version TEXT NOT NULL, organisation_id TEXT NOT NULL, date TEXT NOT NULL, list TEXT NOT NULL,
                    received_at BIGINT NOT NULL, PRIMARY KEY (id, version)
                )
                """,
                "CREATE TABLE substance_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL)",
                "INSERT INTO substance_revision (id, revision) VALUES (1, 0)"
            ]
        )
    ]

    /// Applies the migrations not yet recorded, each in its own transaction, under an advisory lock: processes that start
    /// at once apply each migration once.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS junkan_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
        }
        for migration in migrations {
            try await client.withTransaction(logger: logger) { connection in
                // 0x6a756e6b616e: "junkan". Held to the end of this transaction.
                try await connection.query("SELECT pg_advisory_xact_lock(116939090227566)", logger: logger)
                let done = try await connection.query("SELECT 1 FROM junkan_migrations WHERE name = \(migration.name)", logger: logger).collect()
                guard done.isEmpty else { return }
                for statement in migration.statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await connection.query("INSERT INTO junkan_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }

    static let v1: [String] = [
        // The sequence state (issue 26, item 4): the next event row and leaf numbers and the latest record time, taken
        // FOR UPDATE by every capture, so numbers follow commit order.
        """
        CREATE TABLE junkan_state (
            id INTEGER PRIMARY KEY CHECK (id = 1), next_row BIGINT NOT NULL, next_seq BIGINT NOT NULL, last_record_time BIGINT NOT NULL,
            next_footprint_row BIGINT NOT NULL
        )
        """,
        "INSERT INTO junkan_state VALUES (1, 1, 1, 0, 1)",
        """
        CREATE TABLE events (
            row BIGINT PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, event_hash TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
            event_time BIGINT NOT NULL, record_time BIGINT NOT NULL, action TEXT, biz_step TEXT, disposition TEXT, read_point TEXT,
            biz_location TEXT, transformation_id TEXT, organisation_id TEXT NOT NULL, json TEXT NOT NULL, identifiers TEXT NOT NULL,
            leaf_seq BIGINT
        )
        """,
        "CREATE INDEX events_event_time ON events (event_time, row)",
        "CREATE INDEX events_record_time ON events (record_time, row)",
        "CREATE INDEX events_type ON events (type, record_time, row)",
        "CREATE INDEX events_biz_step ON events (biz_step, record_time, row)",
        "CREATE INDEX events_disposition ON events (disposition, record_time, row)",
        "CREATE INDEX events_read_point ON events (read_point, record_time, row)",
        "CREATE INDEX events_biz_location ON events (biz_location, record_time, row)",
        "CREATE INDEX events_transformation_id ON events (transformation_id)",
        "CREATE TABLE event_identifiers (id TEXT COLLATE \"C\" NOT NULL, role TEXT NOT NULL, event_row BIGINT NOT NULL, PRIMARY KEY (id, role, event_row))",
        """
        CREATE TABLE organisations (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL,
            public_key BYTEA NOT NULL, hosted BOOLEAN NOT NULL
        )
        """,
        """
        CREATE TABLE capture_jobs (
            id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, created_at BIGINT NOT NULL, finished_at BIGINT, status TEXT NOT NULL,
            error_behaviour TEXT NOT NULL, event_count BIGINT NOT NULL, stored_count BIGINT NOT NULL, duplicate_count BIGINT NOT NULL,
            errors TEXT NOT NULL
        )
        """,
        "CREATE TABLE tlog_leaves (seq BIGINT PRIMARY KEY, event_hash TEXT NOT NULL, leaf BYTEA NOT NULL)",
        "CREATE TABLE tlog_tiles (level INTEGER NOT NULL, idx BIGINT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (level, idx))",
        """
        CREATE TABLE tlog_checkpoints (
            size BIGINT PRIMARY KEY, root BYTEA NOT NULL, note TEXT NOT NULL, created_at BIGINT NOT NULL, previous_size BIGINT
        )
        """,
        """
        CREATE TABLE tlog_cosignatures (
            size BIGINT NOT NULL REFERENCES tlog_checkpoints (size), witness TEXT NOT NULL, line TEXT NOT NULL, PRIMARY KEY (size, witness)
        )
        """,
        "CREATE TABLE tlog_witnessed (witness TEXT PRIMARY KEY, size BIGINT NOT NULL)",
        "CREATE TABLE tlog_lease (id INTEGER PRIMARY KEY CHECK (id = 1), holder TEXT NOT NULL, expires_at BIGINT NOT NULL)",
        "CREATE TABLE witness_logs (origin TEXT PRIMARY KEY, size BIGINT NOT NULL, root BYTEA)",
        "CREATE TABLE witness_log_keys (origin TEXT NOT NULL REFERENCES witness_logs (origin), vkey TEXT NOT NULL, PRIMARY KEY (origin, vkey))",
        """
        CREATE TABLE witness_checkpoints (
            origin TEXT NOT NULL, size BIGINT NOT NULL, root BYTEA NOT NULL, note TEXT NOT NULL, cosigned_at BIGINT NOT NULL,
            PRIMARY KEY (origin, size)
        )
        """,
        """
        CREATE TABLE witness_evidence (
            id BIGSERIAL PRIMARY KEY, origin TEXT NOT NULL, kind TEXT NOT NULL, request TEXT NOT NULL, detail TEXT NOT NULL,
            received_at BIGINT NOT NULL
        )
        """,
        "CREATE TABLE pact_clients (client_id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash TEXT NOT NULL, created_at BIGINT NOT NULL)",
        "CREATE TABLE pact_tokens (token_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES pact_clients (client_id), expires_at BIGINT NOT NULL)",
        """
        CREATE TABLE pact_footprints (
            row BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, organisation_id TEXT NOT NULL, subject TEXT NOT NULL, created BIGINT NOT NULL,
            status TEXT NOT NULL, product_ids TEXT NOT NULL, company_ids TEXT NOT NULL, classifications TEXT NOT NULL, geography TEXT,
            valid_from BIGINT NOT NULL, valid_to BIGINT NOT NULL, json TEXT NOT NULL
        )
        """,
        "CREATE INDEX pact_footprints_subject ON pact_footprints (organisation_id, subject, status)",
        """
        CREATE TABLE pact_events (
            source TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, client_id TEXT NOT NULL, received_at BIGINT NOT NULL,
            json TEXT NOT NULL, outcome TEXT NOT NULL, PRIMARY KEY (source, id)
        )
        """,
        """
        CREATE TABLE circularity_waste (
            organisation_id TEXT NOT NULL, fiscal_year INTEGER NOT NULL, site TEXT NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL,
            subcategory TEXT NOT NULL, treatment TEXT NOT NULL, mass_t DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (organisation_id, fiscal_year, site, region, category, subcategory, treatment)
        )
        """,
        """
        CREATE TABLE circularity_waste_totals (
            organisation_id TEXT NOT NULL, fiscal_year INTEGER NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL,
            subcategory TEXT NOT NULL, treatment TEXT NOT NULL, mass_g BIGINT NOT NULL,
            PRIMARY KEY (organisation_id, fiscal_year, region, category, subcategory, treatment)
        )
        """,
        """
        CREATE TABLE circularity_collection (
            organisation_id TEXT NOT NULL, fiscal_year INTEGER NOT NULL, product_type TEXT NOT NULL, collected_t DOUBLE PRECISION NOT NULL,
            reused_t DOUBLE PRECISION NOT NULL, parts_reused_t DOUBLE PRECISION NOT NULL, material_recycled_t DOUBLE PRECISION NOT NULL,
            thermal_recycled_t DOUBLE PRECISION NOT NULL, disposed_t DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (organisation_id, fiscal_year, product_type)
        )
        """,
        """
        CREATE TABLE circularity_plastic_waste (
            organisation_id TEXT NOT NULL, fiscal_year INTEGER NOT NULL, scope TEXT NOT NULL, mass_t DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (organisation_id, fiscal_year, scope)
        )
        """,
        """
        CREATE TABLE circularity_sales (
            organisation_id TEXT NOT NULL, fiscal_year INTEGER NOT NULL, scope TEXT NOT NULL, net_sales_million_jpy DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (organisation_id, fiscal_year, scope)
        )
        """,
        """
        CREATE TABLE circularity_targets (
            organisation_id TEXT NOT NULL, indicator TEXT NOT NULL, scope TEXT NOT NULL, base_year INTEGER NOT NULL,
            target_year INTEGER NOT NULL, target_change_pct DOUBLE PRECISION NOT NULL, basis TEXT NOT NULL,
            PRIMARY KEY (organisation_id, indicator, scope, base_year, target_year, basis)
        )
        """,
        """
        CREATE TABLE circularity_prtr (
            organisation_id TEXT NOT NULL, fiscal_year INTEGER NOT NULL, site TEXT NOT NULL, substance TEXT NOT NULL, cas TEXT NOT NULL,
            handled_kg DOUBLE PRECISION NOT NULL, consumed_kg DOUBLE PRECISION NOT NULL, recycled_kg DOUBLE PRECISION NOT NULL,
            emitted_air_kg DOUBLE PRECISION NOT NULL, emitted_water_kg DOUBLE PRECISION NOT NULL,
            transferred_waste_kg DOUBLE PRECISION NOT NULL, treated_kg DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (organisation_id, fiscal_year, site, cas)
        )
        """,
        """
        CREATE TABLE circularity_imports (
            id BIGSERIAL PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL, imported_by TEXT NOT NULL, imported_at BIGINT NOT NULL,
            rows BIGINT NOT NULL, replaced_rows BIGINT NOT NULL, fiscal_years TEXT NOT NULL, organisation_id TEXT NOT NULL
        )
        """,
        "CREATE TABLE circularity_groups (name TEXT NOT NULL, organisation_id TEXT NOT NULL, PRIMARY KEY (name, organisation_id))",
        """
        CREATE TABLE material_records (
            kind TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL, grade TEXT, json TEXT NOT NULL, updated_at BIGINT NOT NULL,
            withdrawn BOOLEAN NOT NULL DEFAULT FALSE, PRIMARY KEY (kind, id)
        )
        """,
        "CREATE INDEX material_records_grade ON material_records (grade) WHERE kind = 'lot'",
        "CREATE TABLE material_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL)",
        "INSERT INTO material_revision VALUES (1, 0)",
        "CREATE TABLE products (gtin TEXT PRIMARY KEY, owner TEXT NOT NULL, json TEXT NOT NULL, updated_at BIGINT NOT NULL)",
        "CREATE TABLE product_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL)",
        "INSERT INTO product_revision VALUES (1, 0)",
        "CREATE TABLE authorities (organisation_id TEXT PRIMARY KEY)",
        "CREATE TABLE unnamed_on_passports (organisation_id TEXT PRIMARY KEY REFERENCES organisations (id))",
        """
        CREATE TABLE gs1_prefixes (
            prefix TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, source TEXT NOT NULL, created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE identifier_grants (
            id BIGSERIAL PRIMARY KEY, grantor TEXT NOT NULL, grantee TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
            first_serial TEXT, last_serial TEXT, created_at BIGINT NOT NULL
        )
        """,
        "CREATE TABLE ownership_conflicts (key TEXT PRIMARY KEY, organisations TEXT NOT NULL)",
        "CREATE TABLE node_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
    ]

    /// The peer nodes (issue 27), as SQLite's v19.
    static let v2: [String] = [
        """
        CREATE TABLE peers (
            base_url TEXT PRIMARY KEY, log_origin TEXT NOT NULL UNIQUE, log_key TEXT NOT NULL, did_document TEXT NOT NULL,
            description TEXT NOT NULL, added_at BIGINT NOT NULL
        )
        """
    ]

    static let v3: [String] = [
        "CREATE TABLE release_policies (organisation_id TEXT PRIMARY KEY REFERENCES organisations (id), policy TEXT NOT NULL)"
    ]

    static let v4: [String] = [
        "CREATE TABLE split_views (node TEXT PRIMARY KEY, previous TEXT NOT NULL, current TEXT NOT NULL, why TEXT NOT NULL, seen_at BIGINT NOT NULL)"
    ]

    static let v5: [String] = [
        """
        CREATE TABLE release_grants (
            organisation_id TEXT NOT NULL REFERENCES organisations (id), node TEXT NOT NULL, PRIMARY KEY (organisation_id, node)
        )
        """
    ]

    static let v6: [String] = [
        """
        CREATE TABLE release_records (
            seq BIGINT PRIMARY KEY, released_at BIGINT NOT NULL, requester TEXT NOT NULL, organisations TEXT NOT NULL, event_hashes TEXT NOT NULL
        )
        """
    ]

    static let v7: [String] = [
        "CREATE TABLE mirror_tiles (node TEXT NOT NULL, level INTEGER NOT NULL, idx BIGINT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (node, level, idx))",
        "CREATE TABLE mirror_checkpoints (node TEXT PRIMARY KEY, size BIGINT NOT NULL, root BYTEA NOT NULL, note TEXT NOT NULL, created_at BIGINT NOT NULL)"
    ]

    static let v8: [String] = [
        """
        CREATE TABLE dsp_policies (
            id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, role TEXT NOT NULL, target TEXT NOT NULL, policy TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE TABLE dsp_peer_groups (grp TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY (grp, node))",
        """
        CREATE TABLE dsp_negotiations (
            provider_pid TEXT PRIMARY KEY, consumer_pid TEXT NOT NULL, state TEXT NOT NULL, consumer TEXT NOT NULL,
            callback_address TEXT NOT NULL, dataset_id TEXT NOT NULL, offer TEXT NOT NULL, agreement TEXT, agreement_id TEXT UNIQUE,
            reason TEXT, updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE dsp_transfers (
            provider_pid TEXT PRIMARY KEY, consumer_pid TEXT NOT NULL, state TEXT NOT NULL, agreement_id TEXT NOT NULL,
            consumer TEXT NOT NULL, callback_address TEXT NOT NULL, format TEXT NOT NULL, token_hash TEXT UNIQUE,
            token_expires_at BIGINT, reason TEXT, updated_at BIGINT NOT NULL
        )
        """
    ]

    static let v9: [String] = [
        """
        CREATE TABLE ouranos_accounts (
            organisation_id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, open_operator_id TEXT NOT NULL, address TEXT NOT NULL,
            global_operator_id TEXT
        )
        """,
        "CREATE TABLE ouranos_api_keys (hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL)",
        "CREATE TABLE ouranos_tokens (hash TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, kind TEXT NOT NULL, expires_at BIGINT NOT NULL)",
        "CREATE TABLE ouranos_plants (gln TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL)",
        "CREATE TABLE ouranos_parts (trace_id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, model TEXT NOT NULL)",
        "CREATE INDEX ouranos_parts_by_organisation ON ouranos_parts (organisation_id)",
        """
        CREATE TABLE ouranos_structures (
            parent_trace_id TEXT NOT NULL, child_trace_id TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (parent_trace_id, child_trace_id)
        )
        """,
        "CREATE TABLE ouranos_cfps (trace_id TEXT PRIMARY KEY, models TEXT NOT NULL)",
        """
        CREATE TABLE ouranos_trades (
            trade_id TEXT PRIMARY KEY, status_id TEXT NOT NULL UNIQUE, downstream_org TEXT NOT NULL, downstream_trace TEXT NOT NULL,
            upstream_org TEXT NOT NULL, upstream_trace TEXT, cfp_status TEXT NOT NULL, tree_status TEXT NOT NULL, message TEXT,
            reply_message TEXT, due_date TEXT, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX ouranos_trades_downstream ON ouranos_trades (downstream_org, created_at)",
        "CREATE INDEX ouranos_trades_upstream ON ouranos_trades (upstream_org, created_at)"
    ]

    static let v10: [String] = [
        "CREATE TABLE named_queries (name TEXT PRIMARY KEY, query TEXT NOT NULL, organisation_id TEXT NOT NULL, created_at BIGINT NOT NULL)"
    ]

    static let v11: [String] = [
        """
        CREATE TABLE subscriptions (
            id TEXT PRIMARY KEY, query_name TEXT NOT NULL REFERENCES named_queries(name) ON DELETE CASCADE,
            organisation_id TEXT NOT NULL, dest TEXT NOT NULL, signature_token TEXT, stream BOOLEAN NOT NULL, schedule TEXT,
            report_if_empty BOOLEAN NOT NULL, initial_record_time BIGINT, position BIGINT NOT NULL, created_at BIGINT NOT NULL,
            last_notified_at BIGINT, next_run BIGINT, failures INTEGER NOT NULL DEFAULT 0, last_error TEXT, retry_at BIGINT,
            lease_owner TEXT, lease_until BIGINT NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX subscriptions_by_query ON subscriptions (query_name, id)"
    ]

    static let v12: [String] = [
        """
        CREATE TABLE master_data (
            vtype TEXT NOT NULL, element_id TEXT NOT NULL, organisation_id TEXT NOT NULL,
            attributes TEXT NOT NULL, children TEXT NOT NULL, updated_at BIGINT NOT NULL,
            PRIMARY KEY (vtype, element_id, organisation_id)
        )
        """,
        "CREATE INDEX master_data_by_element ON master_data (element_id)"
    ]
}

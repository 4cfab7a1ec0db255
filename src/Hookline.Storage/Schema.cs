namespace Hookline.Storage;

/// <summary>
/// Versioned schema, shared by SQLite and PostgreSQL: only types both read the same way
/// (TEXT, BIGINT). Times are Unix milliseconds; flags are 0/1. A migration is never edited
/// once released: changes come as a new version.
/// </summary>
public static class Schema
{
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE apps (
                id TEXT PRIMARY KEY,
                uid TEXT UNIQUE,
                name TEXT NOT NULL,
                metadata TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);

            CREATE TABLE event_types (
                name TEXT PRIMARY KEY,
                description TEXT,
                json_schema TEXT,
                archived BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);

            CREATE TABLE endpoints (
                id TEXT PRIMARY KEY,
                app_id TEXT NOT NULL,
                disabled BIGINT NOT NULL DEFAULT 0,
                config TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);
            CREATE INDEX ix_endpoints_app ON endpoints (app_id, id);

            CREATE TABLE endpoint_secrets (
                id TEXT PRIMARY KEY,
                endpoint_id TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT);
            CREATE INDEX ix_endpoint_secrets_endpoint ON endpoint_secrets (endpoint_id, created_at);

            CREATE TABLE messages (
                id TEXT PRIMARY KEY,
                app_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                event_id TEXT,
                channels TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at BIGINT NOT NULL);
            CREATE UNIQUE INDEX ux_messages_event_id ON messages (app_id, event_id) WHERE event_id IS NOT NULL;
            CREATE INDEX ix_messages_app ON messages (app_id, id);

            CREATE TABLE deliveries (
                id TEXT PRIMARY KEY,
                message_id TEXT NOT NULL,
                app_id TEXT NOT NULL,
                endpoint_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                status TEXT NOT NULL,
                attempt_count BIGINT NOT NULL DEFAULT 0,
                round_start BIGINT NOT NULL DEFAULT 0,
                next_trigger TEXT NOT NULL DEFAULT 'scheduled',
                next_attempt_at BIGINT,
                due_at BIGINT,
                lease_owner TEXT,
                last_status_code BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);
            CREATE INDEX ix_deliveries_due ON deliveries (due_at) WHERE due_at IS NOT NULL;
            CREATE INDEX ix_deliveries_app ON deliveries (app_id, id);
            CREATE INDEX ix_deliveries_app_status ON deliveries (app_id, status, id);
            CREATE INDEX ix_deliveries_endpoint ON deliveries (endpoint_id, id);
            CREATE INDEX ix_deliveries_message ON deliveries (message_id);

            CREATE TABLE attempts (
                id TEXT PRIMARY KEY,
                delivery_id TEXT NOT NULL,
                attempt_number BIGINT NOT NULL,
                started_at BIGINT NOT NULL,
                duration_ms BIGINT NOT NULL,
                url TEXT NOT NULL,
                status_code BIGINT,
                response_body TEXT,
                error TEXT,
                error_class TEXT,
                attempt_trigger TEXT NOT NULL);
            CREATE INDEX ix_attempts_delivery ON attempts (delivery_id, attempt_number);

            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                app_id TEXT,
                key_hash TEXT NOT NULL UNIQUE,
                hint TEXT NOT NULL,
                created_at BIGINT NOT NULL);

            CREATE TABLE idempotency_keys (
                scope TEXT NOT NULL,
                idem_key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                status_code BIGINT,
                response_body TEXT,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (scope, idem_key));
            """),
        (2, """
            -- One node at a time sends to an endpoint with limits (rate, concurrency, ordering):
            -- the owner of an unexpired row here. Other nodes leave that endpoint's deliveries alone.
            CREATE TABLE endpoint_leases (
                endpoint_id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                lease_until BIGINT NOT NULL);
            """),
        (5, """
            -- Analytics rollups: one row per app, endpoint, event type and minute (and per hour and day:
            -- grain is the bucket's length in ms), added to in the same transaction as the attempts they
            -- count, so a 30-day query reads a few day rows, not attempts. lat_bN count attempts by
            -- duration bucket (bounds in LatencyBuckets), for percentiles.
            CREATE TABLE analytics_attempts (
                app_id TEXT NOT NULL,
                grain BIGINT NOT NULL,
                bucket BIGINT NOT NULL,
                endpoint_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                succeeded BIGINT NOT NULL,
                failed BIGINT NOT NULL,
                dead BIGINT NOT NULL,
                duration_ms_sum BIGINT NOT NULL,
                lat_b0 BIGINT NOT NULL, lat_b1 BIGINT NOT NULL, lat_b2 BIGINT NOT NULL, lat_b3 BIGINT NOT NULL,
                lat_b4 BIGINT NOT NULL, lat_b5 BIGINT NOT NULL, lat_b6 BIGINT NOT NULL, lat_b7 BIGINT NOT NULL,
                lat_b8 BIGINT NOT NULL, lat_b9 BIGINT NOT NULL, lat_b10 BIGINT NOT NULL, lat_b11 BIGINT NOT NULL,
                lat_b12 BIGINT NOT NULL, lat_b13 BIGINT NOT NULL,
                PRIMARY KEY (app_id, grain, bucket, endpoint_id, event_type));

            CREATE TABLE analytics_errors (
                app_id TEXT NOT NULL,
                grain BIGINT NOT NULL,
                bucket BIGINT NOT NULL,
                endpoint_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                error_class TEXT NOT NULL,
                status_code BIGINT NOT NULL,
                attempts BIGINT NOT NULL,
                PRIMARY KEY (app_id, grain, bucket, endpoint_id, event_type, error_class, status_code));

            CREATE TABLE analytics_messages (
                app_id TEXT NOT NULL,
                grain BIGINT NOT NULL,
                bucket BIGINT NOT NULL,
                event_type TEXT NOT NULL,
                messages BIGINT NOT NULL,
                deliveries BIGINT NOT NULL,
                PRIMARY KEY (app_id, grain, bucket, event_type));

            CREATE TABLE exports (
                id TEXT PRIMARY KEY,
                key_id TEXT NOT NULL,
                app_id TEXT NOT NULL,
                resource TEXT NOT NULL,
                format TEXT NOT NULL,
                filters TEXT NOT NULL,
                status TEXT NOT NULL,
                row_count BIGINT NOT NULL,
                byte_count BIGINT NOT NULL,
                sha256 TEXT,
                created_at BIGINT NOT NULL,
                finished_at BIGINT);
            CREATE INDEX ix_exports_app ON exports (app_id, id);

            CREATE TABLE audit_log (
                id TEXT PRIMARY KEY,
                actor TEXT NOT NULL,
                app_id TEXT,
                action TEXT NOT NULL,
                target_type TEXT NOT NULL,
                target_id TEXT,
                method TEXT NOT NULL,
                path TEXT NOT NULL,
                status_code BIGINT NOT NULL,
                fields TEXT NOT NULL,
                created_at BIGINT NOT NULL);
            CREATE INDEX ix_audit_actor ON audit_log (actor, id);
            CREATE INDEX ix_audit_target ON audit_log (target_id, id);

            CREATE TABLE alert_rules (
                id TEXT PRIMARY KEY,
                app_id TEXT NOT NULL,
                metric TEXT NOT NULL,
                threshold TEXT NOT NULL,
                period_seconds BIGINT NOT NULL,
                endpoint_id TEXT,
                state TEXT NOT NULL,
                last_value TEXT,
                evaluated_at BIGINT,
                changed_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);
            CREATE INDEX ix_alert_rules_app ON alert_rules (app_id, id);

            -- Background jobs that must run on one node at a time (retention, alert evaluation) hold a row here.
            CREATE TABLE job_leases (
                name TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                lease_until BIGINT NOT NULL);

            -- Set when retention removed the payload; the message keeps its metadata.
            ALTER TABLE messages ADD COLUMN payload_pruned_at BIGINT;
            -- Retention walks these by age; both are appended in time order, so they cost little to keep.
            CREATE INDEX ix_messages_created ON messages (created_at);
            CREATE INDEX ix_attempts_started ON attempts (started_at);
            CREATE INDEX ix_idempotency_created ON idempotency_keys (created_at);
            """),
        (3, """
            -- Routing and content: why a delivery was skipped, app environments, versioned templates.
            ALTER TABLE deliveries ADD COLUMN skip_reason TEXT;
            ALTER TABLE apps ADD COLUMN environment TEXT;
            CREATE INDEX ix_apps_environment ON apps (environment, id);

            CREATE TABLE templates (
                id TEXT PRIMARY KEY,
                app_id TEXT NOT NULL,
                name TEXT NOT NULL,
                version BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);
            CREATE UNIQUE INDEX ux_templates_app_name ON templates (app_id, name);
            CREATE INDEX ix_templates_app ON templates (app_id, id);

            -- Every change is a new row here; the template row points at the current one.
            CREATE TABLE template_versions (
                template_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                name TEXT NOT NULL,
                description TEXT,
                event_types TEXT NOT NULL,
                body TEXT NOT NULL,
                headers TEXT NOT NULL,
                content_type TEXT NOT NULL,
                source_version BIGINT,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (template_id, version));
            """),
        (4, """
            -- Inbound sources; name_key (the name in upper case) keeps names unique whatever their case.
            CREATE TABLE sources (
                id TEXT PRIMARY KEY,
                app_id TEXT NOT NULL,
                uid TEXT UNIQUE,
                name_key TEXT NOT NULL UNIQUE,
                config TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);
            CREATE INDEX ix_sources_app ON sources (app_id, id);

            CREATE TABLE source_secrets (
                id TEXT PRIMARY KEY,
                source_id TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT);
            CREATE INDEX ix_source_secrets_source ON source_secrets (source_id, created_at);

            CREATE TABLE inbound_events (
                id TEXT PRIMARY KEY,
                app_id TEXT NOT NULL,
                source_id TEXT NOT NULL,
                customer_id TEXT,
                event_type TEXT NOT NULL,
                event_time BIGINT NOT NULL,
                event_value TEXT,
                metadata TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                message_id TEXT NOT NULL,
                dedupe_key TEXT);
            CREATE INDEX ix_inbound_events_app ON inbound_events (app_id, id);
            CREATE INDEX ix_inbound_events_customer ON inbound_events (app_id, customer_id, id);
            CREATE INDEX ix_inbound_events_source ON inbound_events (source_id, id);
            CREATE INDEX ix_inbound_events_message ON inbound_events (message_id);

            CREATE TABLE inbound_requests (
                id TEXT PRIMARY KEY,
                source_id TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                method TEXT NOT NULL,
                path TEXT NOT NULL,
                remote_address TEXT,
                headers TEXT NOT NULL,
                body TEXT NOT NULL,
                body_truncated BIGINT NOT NULL,
                status_code BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                reason TEXT,
                event_id TEXT);
            CREATE INDEX ix_inbound_requests_source ON inbound_requests (source_id, id);
            CREATE INDEX ix_inbound_requests_received ON inbound_requests (received_at);

            CREATE TABLE source_counters (
                source_id TEXT NOT NULL,
                outcome TEXT NOT NULL,
                requests BIGINT NOT NULL,
                PRIMARY KEY (source_id, outcome));
            """),
        (6, """
            -- Single-use links into the admin UI scoped to one app; only the token's hash is kept.
            CREATE TABLE portal_links (
                id TEXT PRIMARY KEY,
                app_id TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                brand_name TEXT,
                brand_logo_url TEXT,
                brand_color TEXT,
                session_seconds BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT);
            CREATE INDEX ix_portal_links_app ON portal_links (app_id);
            """),
        (10, """
            -- Installation-wide values, such as the check value of the encryption key every node must share.
            CREATE TABLE settings (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at BIGINT NOT NULL);

            -- Each node's heartbeat: a node silent for longer than the liveness timeout is dead, and
            -- the others take its claimed deliveries and endpoint holds at once.
            CREATE TABLE nodes (
                node_id TEXT PRIMARY KEY,
                started_at BIGINT NOT NULL,
                heartbeat_at BIGINT NOT NULL);
            CREATE INDEX ix_deliveries_lease_owner ON deliveries (lease_owner) WHERE lease_owner IS NOT NULL;

            -- When a node gives up a rate-limited endpoint, the time before which the next owner may not
            -- start a full second's worth of requests, so the limit holds across the hand-over.
            CREATE TABLE endpoint_rate_quiet (
                endpoint_id TEXT PRIMARY KEY,
                quiet_until BIGINT NOT NULL);
            """),
        (11, """
            -- An idempotent answer that hands out a credential (a new API key) is replayed only while the
            -- credential exists: the reference to check, kind:id.
            ALTER TABLE idempotency_keys ADD COLUMN replay_guard TEXT;
            -- Answers stored before they were encrypted hold secrets in plaintext: they are dropped, and a
            -- repeat of their key runs as a first request.
            DELETE FROM idempotency_keys WHERE response_body IS NOT NULL AND response_body NOT LIKE 'v1:%';

            -- Bumped in the transaction that deletes an API key or an app: every node compares it with the
            -- one its cached credentials were read under, so a deleted credential stops working at once.
            INSERT INTO settings (name, value, updated_at) VALUES ('credentials_generation', '0', 0) ON CONFLICT (name) DO NOTHING;

            -- The endpoint stats' last attempt: the latest attempt of each delivery is one index seek.
            CREATE INDEX ix_attempts_delivery_started ON attempts (delivery_id, started_at);
            """),
        (12, """
            -- Each endpoint's circuit and failing streak as the cluster sees it: every node holds back
            -- while it is open, one node at a time probes it, and a restart keeps the streak.
            CREATE TABLE endpoint_circuits (
                endpoint_id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                opened_at BIGINT,
                next_probe_at BIGINT,
                break_ms BIGINT,
                probe_owner TEXT,
                probe_until BIGINT,
                failing_since BIGINT,
                updated_at BIGINT NOT NULL);
            """),
        (13, """
            -- The dashboard reads attempts by time and needs their delivery (for the app), duration and
            -- outcome: with all four in the index it never visits the table. It serves retention's walk by
            -- age as well, so the index on started_at alone goes.
            CREATE INDEX ix_attempts_dashboard ON attempts (started_at, delivery_id, duration_ms, error_class);
            DROP INDEX ix_attempts_started;

            -- ASP.NET Core data protection keys (they encrypt admin sessions and antiforgery tokens), shared
            -- by every node so a session opened on one is recognised on all. The XML is encrypted at rest.
            CREATE TABLE data_protection_keys (
                name TEXT PRIMARY KEY,
                xml TEXT NOT NULL,
                created_at BIGINT NOT NULL);
            """),
        (14, """
            -- Retention deletes old rollups of one grain at a time, oldest buckets first, across every app.
            CREATE INDEX ix_analytics_attempts_age ON analytics_attempts (grain, bucket);
            CREATE INDEX ix_analytics_errors_age ON analytics_errors (grain, bucket);
            CREATE INDEX ix_analytics_messages_age ON analytics_messages (grain, bucket);
            """),
        (15, """
            -- Bumped in every transaction that changes an app's endpoints, so the publish path can keep
            -- each app's endpoints between publishes and reload them only when this number moved.
            CREATE TABLE endpoint_versions (
                app_id TEXT PRIMARY KEY,
                version BIGINT NOT NULL);

            -- The publish span's traceparent, so attempt spans are children of the publish.
            ALTER TABLE messages ADD COLUMN trace_parent TEXT;
            """),
    ];

    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version BIGINT PRIMARY KEY,
            applied_at BIGINT NOT NULL)
        """;
}

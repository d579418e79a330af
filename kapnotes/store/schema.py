"""The practice schema, created and upgraded as named sqlite-utils migrations.

Never edit a migration that has shipped: add a new function below the last one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("kapnotes")

CHILD_TABLES = (
    "administrations",
    "vitals",
    "effects",
    "adverse_events",
    "themes",
    "scale_scores",
)


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            chart TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            dob TEXT,
            pronouns TEXT NOT NULL DEFAULT '',
            indication TEXT NOT NULL DEFAULT '',
            medications TEXT NOT NULL DEFAULT '',
            consent_date TEXT,
            notes TEXT NOT NULL DEFAULT '',
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE weights (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            kg REAL NOT NULL,
            measured_on TEXT NOT NULL
        );
        CREATE INDEX weights_client ON weights(client_id);
        CREATE TABLE screening (
            client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            answer TEXT NOT NULL DEFAULT 'not_assessed',
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (client_id, item)
        );
        CREATE TABLE courses (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            purpose TEXT NOT NULL DEFAULT 'induction',
            title TEXT NOT NULL DEFAULT '',
            start_date TEXT,
            status TEXT NOT NULL DEFAULT 'active',
            archived INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX courses_client ON courses(client_id);
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            course_id INTEGER REFERENCES courses(id) ON DELETE SET NULL,
            date TEXT NOT NULL,
            start_time TEXT,
            number INTEGER,
            kind TEXT NOT NULL DEFAULT 'dosing',
            setting TEXT NOT NULL DEFAULT 'office',
            clinicians TEXT NOT NULL DEFAULT '[]',
            intention TEXT NOT NULL DEFAULT '',
            template TEXT NOT NULL DEFAULT 'free',
            narrative TEXT NOT NULL DEFAULT '{}',
            dosing TEXT NOT NULL DEFAULT '{}',
            discharge TEXT NOT NULL DEFAULT '{}',
            rems TEXT NOT NULL DEFAULT '{}',
            signed_at TEXT,
            signed_by TEXT NOT NULL DEFAULT '',
            signed_credentials TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX sessions_client ON sessions(client_id, date);
        CREATE INDEX sessions_course ON sessions(course_id, date);
        CREATE TABLE administrations (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            time TEXT,
            route TEXT NOT NULL,
            medication TEXT NOT NULL DEFAULT 'racemic',
            mg REAL NOT NULL,
            site TEXT NOT NULL DEFAULT '',
            given_by TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE vitals (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            time TEXT,
            systolic INTEGER,
            diastolic INTEGER,
            heart_rate INTEGER,
            spo2 INTEGER,
            resp_rate INTEGER,
            sedation_scale TEXT NOT NULL DEFAULT 'moaas',
            sedation_score INTEGER,
            phase TEXT NOT NULL DEFAULT 'during',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE effects (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            effect TEXT NOT NULL,
            intensity INTEGER NOT NULL,
            time TEXT,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE adverse_events (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            description TEXT NOT NULL,
            severity TEXT NOT NULL DEFAULT 'mild',
            time TEXT,
            interventions TEXT NOT NULL DEFAULT '[]',
            outcome TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE themes (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            theme TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE scale_scores (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            scale TEXT NOT NULL,
            items TEXT NOT NULL DEFAULT '[]',
            total REAL
        );
        CREATE TABLE addenda (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            time TEXT NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX addenda_session ON addenda(session_id);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE search_index USING fts5(
            body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        """
    )
    for table in CHILD_TABLES:
        db.execute(f"CREATE INDEX {table}_session ON {table}(session_id, position)")
    db.execute(
        "INSERT INTO settings(key, value) VALUES ('kapnotes_format', '1')"
    )


def upgrade(db: Database) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
    return pending


def schema_version(db: Database) -> str | None:
    """The name of the newest applied migration (None for an empty database)."""
    applied = migrations.applied(db)
    return applied[-1].name if applied else None


def latest_version() -> str:
    return migrations._migrations[-1].name

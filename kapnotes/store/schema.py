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
    db.execute("INSERT INTO settings(key, value) VALUES ('kapnotes_format', '1')")


# RAISE() messages name no note text; connection.classify_sqlite_error maps "signed note"
# to SignedNoteError and "audit trail" to a plain PracticeError.
_SIGNED = "signed note is locked"


def _signed(session_expr: str) -> str:
    return f"(SELECT signed_at FROM sessions WHERE id = {session_expr}) IS NOT NULL"


@migrations()
def m002_signed_notes_locked(db: Database) -> None:
    """Signed sessions and their children are read-only in the database itself."""
    statements = [
        f"""CREATE TRIGGER sessions_signed_no_update BEFORE UPDATE ON sessions
            WHEN OLD.signed_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, '{_SIGNED}: session cannot be changed'); END""",
        f"""CREATE TRIGGER sessions_signed_no_delete BEFORE DELETE ON sessions
            WHEN OLD.signed_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, '{_SIGNED}: session cannot be deleted'); END""",
        f"""CREATE TRIGGER addenda_no_update BEFORE UPDATE ON addenda
            BEGIN SELECT RAISE(ABORT, '{_SIGNED}: addenda cannot be changed'); END""",
        f"""CREATE TRIGGER addenda_no_delete BEFORE DELETE ON addenda
            BEGIN SELECT RAISE(ABORT, '{_SIGNED}: addenda cannot be deleted'); END""",
    ]
    for table in CHILD_TABLES:
        statements += [
            f"""CREATE TRIGGER {table}_signed_no_insert BEFORE INSERT ON {table}
                WHEN {_signed("NEW.session_id")}
                BEGIN SELECT RAISE(ABORT, '{_SIGNED}: {table} cannot be added'); END""",
            f"""CREATE TRIGGER {table}_signed_no_update BEFORE UPDATE ON {table}
                WHEN {_signed("OLD.session_id")} OR {_signed("NEW.session_id")}
                BEGIN SELECT RAISE(ABORT, '{_SIGNED}: {table} cannot be changed'); END""",
            f"""CREATE TRIGGER {table}_signed_no_delete BEFORE DELETE ON {table}
                WHEN {_signed("OLD.session_id")}
                BEGIN SELECT RAISE(ABORT, '{_SIGNED}: {table} cannot be deleted'); END""",
        ]
    for sql in statements:
        db.execute(sql)


@migrations()
def m003_audit_trail(db: Database) -> None:
    """An append-only, hash-chained audit trail (see kapnotes/store/audit.py)."""
    # One statement at a time: executescript() would commit half-way through the migration.
    for sql in (
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            client_id INTEGER,
            session_id INTEGER,
            record TEXT NOT NULL DEFAULT '',
            fields TEXT NOT NULL DEFAULT '[]',
            detail TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""",
        "CREATE INDEX audit_client ON audit_log(client_id, id)",
        "CREATE INDEX audit_session ON audit_log(session_id, id)",
        "CREATE INDEX audit_action ON audit_log(action, id)",
        "CREATE INDEX audit_time ON audit_log(time)",
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit trail entries cannot be changed'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit trail entries cannot be deleted'); END""",
    ):
        db.execute(sql)


def _signed_child(table: str, id_expr: str) -> str:
    return _signed(f"(SELECT session_id FROM {table} WHERE id = {id_expr})")


@migrations()
def m004_no_replace_of_locked_rows(db: Database) -> None:
    """Close the REPLACE back door of m002/m003: INSERT OR REPLACE and UPDATE OR REPLACE delete
    the conflicting row without firing its DELETE triggers (recursive_triggers is off by
    default), so a signed session, its children, an addendum or an audit entry could be swapped
    for another row. Inserting over an existing locked id, or moving a row onto one, is refused.
    """
    statements = [
        f"""CREATE TRIGGER sessions_signed_no_replace BEFORE INSERT ON sessions
            WHEN NEW.id IS NOT NULL AND {_signed("NEW.id")}
            BEGIN SELECT RAISE(ABORT, '{_SIGNED}: session cannot be replaced'); END""",
        f"""CREATE TRIGGER sessions_signed_no_move BEFORE UPDATE OF id ON sessions
            WHEN NEW.id IS NOT OLD.id AND {_signed("NEW.id")}
            BEGIN SELECT RAISE(ABORT, '{_SIGNED}: session cannot be replaced'); END""",
        f"""CREATE TRIGGER addenda_no_replace BEFORE INSERT ON addenda
            WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM addenda WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, '{_SIGNED}: addenda cannot be replaced'); END""",
        f"""CREATE TRIGGER clients_signed_no_delete BEFORE DELETE ON clients
            WHEN EXISTS (SELECT 1 FROM sessions WHERE client_id = OLD.id
                         AND signed_at IS NOT NULL)
            BEGIN SELECT RAISE(ABORT, '{_SIGNED}: a client with signed notes cannot be deleted');
            END""",
        """CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit_log
            WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, 'audit trail entries cannot be replaced'); END""",
    ]
    for table in CHILD_TABLES:
        statements += [
            f"""CREATE TRIGGER {table}_signed_no_replace BEFORE INSERT ON {table}
                WHEN NEW.id IS NOT NULL AND {_signed_child(table, "NEW.id")}
                BEGIN SELECT RAISE(ABORT, '{_SIGNED}: {table} cannot be replaced'); END""",
            f"""CREATE TRIGGER {table}_signed_no_move BEFORE UPDATE OF id ON {table}
                WHEN NEW.id IS NOT OLD.id AND {_signed_child(table, "NEW.id")}
                BEGIN SELECT RAISE(ABORT, '{_SIGNED}: {table} cannot be replaced'); END""",
        ]
    for sql in statements:
        db.execute(sql)


@migrations()
def m005_rems_clock_and_safe_harbor(db: Database) -> None:
    """Issue 13: the client's sex and other names to redact; the typed reason and the
    acknowledgement a signature may need; REMS form submissions (insert-only: a signed note
    is locked, yet its form is submitted afterwards, so submissions live beside it)."""
    for sql in (
        "ALTER TABLE clients ADD COLUMN sex TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE clients ADD COLUMN redact_names TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sessions ADD COLUMN units_reason TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sessions ADD COLUMN incomplete_ack TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE rems_submissions (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            submitted_on TEXT NOT NULL,
            method TEXT NOT NULL,
            confirmation TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX rems_submissions_session ON rems_submissions(session_id, id)",
        """CREATE TRIGGER rems_submissions_no_update BEFORE UPDATE ON rems_submissions
            BEGIN SELECT RAISE(ABORT, 'REMS submissions cannot be changed'); END""",
    ):
        db.execute(sql)


@migrations()
def m006_accounts(db: Database) -> None:
    """Clinician accounts (never deleted: history names them), the signed-in user and their
    Ed25519 signature on every audit entry, and note signatures (insert-only)."""
    from kapnotes.store.accounts_schema import STATEMENTS

    for sql in STATEMENTS:
        db.execute(sql)


@migrations()
def m007_planned_doses(db: Database) -> None:
    """A dose pre-filled from the last session is a plan until given (issue 12): it is kept
    with the session but counts toward nothing (totals, mg/kg, the live timer)."""
    db.execute("ALTER TABLE administrations ADD COLUMN planned INTEGER NOT NULL DEFAULT 0")


@migrations()
def m009_intake_and_consent(db: Database) -> None:
    """Intake per client, signed eligibility decisions and consent records (insert-only but for
    a withdrawal), versioned consent templates (a used version never changes), and the
    pre-dose checklist of a session (a column, so a signed note's checklist is locked too)."""
    from kapnotes.store.intake_schema import STATEMENTS

    for sql in STATEMENTS:
        db.execute(sql)


@migrations()
def m008_ledger(db: Database) -> None:
    """The controlled-substance ledger (kapnotes/store/ledger_schema.py): lots and
    append-only, signed entries; each administration names its lot."""
    from kapnotes.store.ledger_schema import STATEMENTS

    for sql in STATEMENTS:
        db.execute(sql)


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


_expected_triggers: dict[str, str] = {}


def expected_triggers() -> dict[str, str]:
    """Every protective trigger as the migrations above define it: name -> SQL. Read from a
    throwaway in-memory database the migrations were applied to, so it cannot drift."""
    if not _expected_triggers:
        db = Database(memory=True)
        upgrade(db)
        _expected_triggers.update(
            db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        )
        db.close()
    return dict(_expected_triggers)

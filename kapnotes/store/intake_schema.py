"""Intake, eligibility decisions, consent templates and records, the pre-dose checklist
(migration m009_intake_and_consent in kapnotes/store/schema.py).

Shipped SQL: never edit it, add a new migration instead (`kapnotes check` compares every
trigger with what the migrations define).
"""

from __future__ import annotations

_CONSENT_LOCK = "consent is locked"

STATEMENTS = (
    """CREATE TABLE client_intake (
        client_id INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
        data TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE eligibility_decisions (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        decision TEXT NOT NULL
            CHECK (decision IN ('eligible', 'eligible_with_precautions', 'not_eligible')),
        precautions TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        decided_at TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        signer TEXT NOT NULL,
        credentials TEXT NOT NULL DEFAULT '',
        payload TEXT NOT NULL DEFAULT '',
        signature TEXT NOT NULL DEFAULT '',
        public_key TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX eligibility_client ON eligibility_decisions(client_id, id)",
    f"""CREATE TRIGGER eligibility_no_update BEFORE UPDATE ON eligibility_decisions
        BEGIN SELECT RAISE(ABORT, '{_CONSENT_LOCK}: a decision cannot be changed'); END""",
    f"""CREATE TRIGGER eligibility_no_delete BEFORE DELETE ON eligibility_decisions
        BEGIN SELECT RAISE(ABORT, '{_CONSENT_LOCK}: a decision cannot be deleted'); END""",
    """CREATE TABLE consent_templates (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (title, version)
    )""",
    """CREATE TABLE consent_records (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        template_title TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        text TEXT NOT NULL,
        signed_on TEXT NOT NULL,
        client_strokes TEXT NOT NULL,
        witness_user_id INTEGER REFERENCES users(id),
        witness TEXT NOT NULL,
        witness_credentials TEXT NOT NULL DEFAULT '',
        witnessed_at TEXT,
        payload TEXT NOT NULL DEFAULT '',
        witness_signature TEXT NOT NULL DEFAULT '',
        witness_key TEXT NOT NULL DEFAULT '',
        withdrawn_on TEXT,
        withdrawal_note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX consent_client ON consent_records(client_id, id)",
    f"""CREATE TRIGGER consent_templates_used_no_update BEFORE UPDATE ON consent_templates
        WHEN EXISTS (SELECT 1 FROM consent_records WHERE template_title = OLD.title
                     AND template_version = OLD.version)
        BEGIN SELECT RAISE(ABORT, '{_CONSENT_LOCK}: a used template version cannot be
        changed'); END""",
    f"""CREATE TRIGGER consent_templates_used_no_delete BEFORE DELETE ON consent_templates
        WHEN EXISTS (SELECT 1 FROM consent_records WHERE template_title = OLD.title
                     AND template_version = OLD.version)
        BEGIN SELECT RAISE(ABORT, '{_CONSENT_LOCK}: a used template version cannot be
        deleted'); END""",
    f"""CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
        BEGIN SELECT RAISE(ABORT, '{_CONSENT_LOCK}: a consent cannot be deleted'); END""",
    # Only a withdrawal may be added, once: every signed column stays as it was.
    f"""CREATE TRIGGER consent_records_only_withdrawal BEFORE UPDATE ON consent_records
        WHEN OLD.withdrawn_on IS NOT NULL OR NEW.withdrawn_on IS NULL
          OR NEW.id IS NOT OLD.id OR NEW.client_id IS NOT OLD.client_id
          OR NEW.template_title IS NOT OLD.template_title
          OR NEW.template_version IS NOT OLD.template_version OR NEW.text IS NOT OLD.text
          OR NEW.signed_on IS NOT OLD.signed_on
          OR NEW.client_strokes IS NOT OLD.client_strokes
          OR NEW.witness_user_id IS NOT OLD.witness_user_id OR NEW.witness IS NOT OLD.witness
          OR NEW.witness_credentials IS NOT OLD.witness_credentials
          OR NEW.witnessed_at IS NOT OLD.witnessed_at OR NEW.payload IS NOT OLD.payload
          OR NEW.witness_signature IS NOT OLD.witness_signature
          OR NEW.witness_key IS NOT OLD.witness_key
        BEGIN SELECT RAISE(ABORT, '{_CONSENT_LOCK}: only a withdrawal can be added'); END""",
    "ALTER TABLE sessions ADD COLUMN checklist TEXT",
)

"""Clients (with their weights, screening and intake) and courses of treatment, as a mixin
of Practice: saving, listing, finding and archiving them, each change audited."""

from __future__ import annotations

from kapnotes.domain.records import Client, Course, ScreeningItem, WeightEntry
from kapnotes.store import rows
from kapnotes.store.changes import client_snapshot
from kapnotes.store.errors import RecordNotFound
from kapnotes.store.intake_records import attach_intake


class ClientRecords:
    """save/list/get/find/archive clients; save/list/get courses."""

    # -- clients ---------------------------------------------------------------------------
    def save_client(self, client: Client) -> int:
        """Insert or update a client with weights and screening; returns its id."""
        row = rows.client_row(client)
        stamp = rows.now_text()
        with self.db.atomic():
            is_new = client.id is None
            before = {} if is_new else client_snapshot(self.db, client.id)
            if client.id is None:
                row["created_at"] = row["updated_at"] = stamp
                client.id = rows.insert(self.db, "clients", row)
            else:
                row["updated_at"] = stamp
                if rows.update(self.db, "clients", row, client.id) == 0:
                    raise RecordNotFound(f"Client {client.id} does not exist.")
            self.db.execute("DELETE FROM weights WHERE client_id = ?", [client.id])
            self.db.conn.executemany(
                rows.insert_sql("weights", rows.WEIGHT_COLUMNS),
                [(client.id, w.kg, rows.d2s(w.measured_on)) for w in client.weights],
            )
            self.db.execute("DELETE FROM screening WHERE client_id = ?", [client.id])
            self.db.conn.executemany(
                rows.insert_sql("screening", rows.SCREENING_COLUMNS),
                [(client.id, s.item, s.answer, s.note) for s in client.screening],
            )
            self._audit_change(
                "client", client.id, before, client_snapshot(self.db, client.id), is_new,
                client_id=client.id,
            )  # fmt: skip
        return client.id

    def _attach_client_details(self, clients: list[Client]) -> None:
        for client, (kg, day) in rows.rows_of_clients(
            self.db, clients, "kg, measured_on", "weights", "ORDER BY measured_on"
        ):
            client.weights.append(WeightEntry(kg=kg, measured_on=rows.s2d(day)))
        for client, (item, answer, note) in rows.rows_of_clients(
            self.db, clients, "item, answer, note", "screening", "ORDER BY rowid"
        ):
            client.screening.append(ScreeningItem(item=item, answer=answer, note=note))
        attach_intake(self.db, clients)

    def list_clients(self, *, include_archived: bool = False, details: bool = True) -> list[Client]:  # fmt: skip
        """All clients ordered by name, with weights, screening and intake (details=False:
        the client rows alone, for a list of names: half the time on a large practice)."""
        where = "" if include_archived else "WHERE archived = 0"
        found = [
            rows.client_from_row(dict(r))
            for r in self.db.query(f"SELECT * FROM clients {where} ORDER BY name COLLATE NOCASE")
        ]
        if details:
            self._attach_client_details(found)
        return found

    def get_client(self, client_id: int) -> Client:
        found = list(self.db.query("SELECT * FROM clients WHERE id = ?", [client_id]))
        if not found:
            raise RecordNotFound(f"Client {client_id} does not exist.")
        client = rows.client_from_row(found[0])
        self._attach_client_details([client])
        return client

    def find_client(self, chart: str) -> Client | None:
        """The client with a chart number, or None."""
        row = self.db.execute("SELECT id FROM clients WHERE chart = ?", [chart]).fetchone()
        return self.get_client(row[0]) if row else None

    def archive_client(self, client_id: int, archived: bool = True) -> None:
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE clients SET archived = ?, updated_at = ? WHERE id = ?",
                [int(archived), rows.now_text(), client_id],
            )
            if cur.rowcount == 0:
                raise RecordNotFound(f"Client {client_id} does not exist.")
            self._append(
                "change", client_id=client_id, record=f"client {client_id}", fields=["archived"]
            )

    def count(self, table: str) -> int:
        return self.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]

    # -- courses ---------------------------------------------------------------------------
    def save_course(self, course: Course) -> int:
        row = rows.course_row(course)
        with self.db.atomic():
            if course.id is None:
                course.id = rows.insert(self.db, "courses", row)
                fields = list(row)
                action = "create"
            else:
                old = self.db.execute(
                    f"SELECT {', '.join(row)} FROM courses WHERE id = ?", [course.id]
                ).fetchone()
                if old is None:
                    raise RecordNotFound(f"Course {course.id} does not exist.")
                rows.update(self.db, "courses", row, course.id)
                fields = [k for k, v in zip(row, old, strict=True) if row[k] != v]
                action = "change"
            if action == "create" or fields:
                self._append(
                    action, client_id=course.client_id, record=f"course {course.id}", fields=fields
                )
        return course.id

    def list_courses(self, client_id: int, *, include_archived: bool = False) -> list[Course]:
        where = "client_id = ?" + ("" if include_archived else " AND archived = 0")
        return [
            rows.course_from_row(r)
            for r in self.db.query(
                f"SELECT * FROM courses WHERE {where} ORDER BY start_date, id", [client_id]
            )
        ]

    def get_course(self, course_id: int) -> Course:
        found = list(self.db.query("SELECT * FROM courses WHERE id = ?", [course_id]))
        if not found:
            raise RecordNotFound(f"Course {course_id} does not exist.")
        return rows.course_from_row(found[0])

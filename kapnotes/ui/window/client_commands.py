"""Client and course commands of the main window: new, edit, archive (nothing is deleted).

The dialogs write through the services; the views refresh themselves from the change
notification. Only where the user is taken next (the new client, the new course) is set here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kapnotes.services import ServiceContext
from kapnotes.services import clients as client_services
from kapnotes.ui.clients.client_page import ClientPage


class ClientController:
    """What the Client menu does, for the client and course shown in `client_page`."""

    def __init__(
        self,
        services: ServiceContext,
        parent: QWidget,
        client_page: ClientPage,
        select_client: Callable[[int], object],
    ):
        self.services = services
        self.parent = parent
        self.client_page = client_page
        self.select_client = select_client

    def new_client(self) -> int | None:
        """The client dialog for a new client; selects the client once saved."""
        from kapnotes.ui.clients.client_dialog import ClientDialog  # on first use: a faster start

        dialog = ClientDialog(self.services, None, self.parent)
        # Accepted means stored, so the id is set (checked for the type checker).
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.client.id is None:
            return None
        self.select_client(dialog.client.id)
        return dialog.client.id

    def edit_client(self) -> None:
        client = self.client_page.client
        if client is not None:
            from kapnotes.ui.clients.client_dialog import ClientDialog

            ClientDialog(self.services, client, self.parent).exec()

    def toggle_archive_client(self) -> None:
        """Archive the selected client (hidden from the list, kept in the file) or bring back."""
        client = self.client_page.client
        if client is None or client.id is None:
            return
        archiving = not client.archived
        if archiving:
            answer = QMessageBox.question(
                self.parent,
                "Archive client",
                f"Archive {client.name} (chart {client.chart})?\n\nThe client and every note "
                "stay in the practice; View > Show archived clients shows them again.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        client_services.archive_client(self.services, client.id, archiving)

    def new_course(self) -> int | None:
        client = self.client_page.client
        if client is None or client.id is None:
            return None
        from kapnotes.ui.clients.course_dialog import CourseDialog  # on first use: a faster start

        dialog = CourseDialog(self.services, client.id, None, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.client_page.select_course(dialog.course.id)
        return dialog.course.id

    def edit_course(self) -> None:
        course_id = self.client_page.course_id
        if course_id is None or self.client_page.client is None:
            return
        course = self.services.practice.get_course(course_id)
        from kapnotes.ui.clients.course_dialog import CourseDialog

        CourseDialog(self.services, course.client_id, course, self.parent).exec()

    def archive_course(self) -> None:
        """Hide a course from the chooser; its sessions stay under "All sessions"."""
        course_id = self.client_page.course_id
        if course_id is None or self.client_page.client is None:
            return
        answer = QMessageBox.question(
            self.parent,
            "Archive course",
            "Archive this course? Its sessions stay in the practice and are listed under "
            '"All sessions of this client".',
        )
        if answer == QMessageBox.StandardButton.Yes:
            client_services.archive_course(self.services, course_id)

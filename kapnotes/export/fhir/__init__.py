"""FHIR R4 export: the practice (or one client) as one Bundle of type collection."""

from kapnotes.export.fhir.bundle import write_bundle

__all__ = ["write_bundle"]

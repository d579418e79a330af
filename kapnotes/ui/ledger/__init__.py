"""The Controlled substances window: stock on hand, lots, entries, and the dialogs that record
receipts, waste, counts and destruction (witnesses sign in where the entry needs them)."""

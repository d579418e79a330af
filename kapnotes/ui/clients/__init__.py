"""Clients: the client list, the client page with its courses and sessions, and their dialogs."""

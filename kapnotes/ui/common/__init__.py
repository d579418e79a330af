"""Pieces every ui feature shares: small widgets, the row table model, the theme, error hook."""

"""Scan profiles that reproduce other tools' checks exactly (one module per profile)."""

"""Peer static-site generators (Hugo, Pelican) building the same corpus as ``publisher build``."""

"""Render stage: the site graph as JSON-LD per page, and HTML pages that embed it."""

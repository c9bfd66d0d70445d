"""Publish stage: write the rendered site to disk, atomically."""

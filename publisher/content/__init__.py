"""Read stage: ``publisher.toml`` and ``content/`` into raw records that remember positions."""

"""Outside services behind small adapters; clients are created once per container, lazily."""

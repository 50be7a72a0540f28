"""Repositories: the only code that knows the table. They take and return domain models."""

"""Persistence: typed models, the engine and Alembic migrations."""

"""The Alembic environment, inside the package so an installed bot can upgrade its own database.

Driven by `bot.store.migrate`, which builds the Alembic Config in code (no alembic.ini, any cwd)."""

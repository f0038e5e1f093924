"""Database: settings, models, engine and sessions, migrations."""

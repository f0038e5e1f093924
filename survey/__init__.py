"""Survey definitions, validation, anonymous submission, demo data and transfer."""

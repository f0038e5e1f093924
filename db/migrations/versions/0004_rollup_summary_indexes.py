"""Covering indexes on the rollups in the order the dashboards group by (db/tables.py).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_KEY = ['site_id', 'service_groups', 'contact_when']


def upgrade() -> None:
    op.create_index('ix_rollup_ratings_summary', 'rollup_ratings',
                    ['month', 'question', *_KEY, 'answered', 'agree'])
    op.create_index('ix_rollup_themes_summary', 'rollup_themes',
                    ['month', 'theme', 'sentiment', *_KEY, 'n'])
    op.create_index('ix_rollup_equality_summary', 'rollup_equality',
                    ['month', 'field', 'value', 'service_groups', 'contact_when',
                     'n', 'police_answered', 'police_agree', 'refuge_answered', 'refuge_agree'])


def downgrade() -> None:
    op.drop_index('ix_rollup_equality_summary', table_name='rollup_equality')
    op.drop_index('ix_rollup_themes_summary', table_name='rollup_themes')
    op.drop_index('ix_rollup_ratings_summary', table_name='rollup_ratings')

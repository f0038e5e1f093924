"""Staff accounts, the audit log, comment themes and the dashboard rollups.

The rollups and comment_themes are derived from responses and comments; an
existing database gets them filled in here, so its dashboards are right at once.

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# JSONB on PostgreSQL, JSON text elsewhere (as db.models.JSONType).
JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

def _key():
    """The rollups' common key: month, site, service groups, contact type."""
    return [
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('site_id', sa.String(length=64), nullable=False),
        sa.Column('service_groups', sa.Integer(), nullable=False),
        sa.Column('contact_when', sa.String(length=32), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('staff_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('organisation_id', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_staff_accounts_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_accounts')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_accounts_email')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_accounts_username'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('account', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('details', JSON_TYPE, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_account'), ['account'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('comment_themes',
    sa.Column('response_id', sa.String(length=36), nullable=False),
    sa.Column('question', sa.String(length=64), nullable=False),
    sa.Column('theme', sa.String(length=64), nullable=False),
    sa.Column('sentiment', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['response_id', 'question'], ['comments.response_id', 'comments.question'], name='fk_comment_themes_comment', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question', 'theme', name=op.f('pk_comment_themes')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('comment_themes', schema=None) as batch_op:
        batch_op.create_index('ix_comment_themes_theme', ['theme'], unique=False)

    op.create_table('rollup_responses',
    *_key(),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('commented', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'site_id', 'service_groups', 'contact_when', name=op.f('pk_rollup_responses'))
    )
    op.create_table('rollup_ratings',
    *_key(),
    sa.Column('question', sa.String(length=64), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('agree', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'site_id', 'service_groups', 'contact_when', 'question', name=op.f('pk_rollup_ratings'))
    )
    op.create_table('rollup_themes',
    *_key(),
    sa.Column('theme', sa.String(length=64), nullable=False),
    sa.Column('sentiment', sa.String(length=8), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'site_id', 'service_groups', 'contact_when', 'theme', 'sentiment', name=op.f('pk_rollup_themes'))
    )
    op.create_table('rollup_equality',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('service_groups', sa.Integer(), nullable=False),
    sa.Column('contact_when', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=32), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('police_answered', sa.Integer(), nullable=False),
    sa.Column('police_agree', sa.Integer(), nullable=False),
    sa.Column('refuge_answered', sa.Integer(), nullable=False),
    sa.Column('refuge_agree', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'service_groups', 'contact_when', 'field', 'value', name=op.f('pk_rollup_equality'))
    )

    # Fill the derived tables from what is already stored.
    from sqlalchemy.orm import Session

    from db.rollup import rebuild_rollups

    rebuild_rollups(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_table('rollup_equality')
    op.drop_table('rollup_themes')
    op.drop_table('rollup_ratings')
    op.drop_table('rollup_responses')
    with op.batch_alter_table('comment_themes', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_themes_theme')
    op.drop_table('comment_themes')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))
        batch_op.drop_index(batch_op.f('ix_audit_log_account'))
    op.drop_table('audit_log')
    op.drop_table('staff_accounts')

"""Initial schema: organisations, sites, frozen survey versions, responses, comments.

Revision ID: 0001
Revises: 
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# JSONB on PostgreSQL, JSON text elsewhere (as db.models.JSONType).
JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    op.create_table('survey_versions',
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('definition', JSON_TYPE, nullable=False),
    sa.PrimaryKeyConstraint('survey_id', 'version', name=op.f('pk_survey_versions'))
    )
    op.create_table('sites',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('organisation_id', sa.String(length=64), nullable=False),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_sites_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites'))
    )
    op.create_table('responses',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('survey_version', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=64), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('services_mask', sa.Integer(), nullable=False),
    sa.Column('answers', JSON_TYPE, nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_responses_site_id_sites')),
    sa.ForeignKeyConstraint(['survey_id', 'survey_version'], ['survey_versions.survey_id', 'survey_versions.version'], name='fk_responses_survey_version'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_responses_submission_key')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index('ix_responses_month_site', ['month', 'site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_responses_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_responses_week'), ['week'], unique=False)

    op.create_table('comments',
    sa.Column('response_id', sa.String(length=36), nullable=False),
    sa.Column('question', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('themes', JSON_TYPE, nullable=True),
    sa.Column('theme_sentiments', JSON_TYPE, nullable=True),
    sa.Column('sentiment', sa.String(length=8), nullable=True),
    sa.Column('polarity', sa.Float(), nullable=True),
    sa.Column('codebook_version', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_comments_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question', name=op.f('pk_comments')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_codebook_version'), ['codebook_version'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_codebook_version'))

    op.drop_table('comments')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responses_week'))
        batch_op.drop_index(batch_op.f('ix_responses_site_id'))
        batch_op.drop_index('ix_responses_month_site')

    op.drop_table('responses')
    op.drop_table('sites')
    op.drop_table('survey_versions')
    op.drop_table('organisations')

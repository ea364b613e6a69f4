"""Exports: video files for social apps made from a clip, a note's moment or a comparison

Revision ID: 0008_export
Revises: 0007_share
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_export'
down_revision = '0007_share'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'exports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('clip_id', sa.Integer(), nullable=True),
        sa.Column('note_id', sa.Integer(), nullable=True),
        sa.Column('comparison_id', sa.Integer(), nullable=True),
        sa.Column('shape', sa.String(length=8), nullable=False),
        sa.Column('layout', sa.String(length=16), nullable=False),
        sa.Column('status', sa.Enum('queued', 'processing', 'ready', 'failed', name='exportstatus',
                                    native_enum=False, length=20), nullable=False),
        sa.Column('progress', sa.Double(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('job', sa.Integer(), nullable=False),
        sa.Column('versions', sa.JSON(), nullable=False),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('key', sa.String(length=400), nullable=True),
        sa.Column('bytes', sa.BigInteger(), nullable=True),
        sa.Column('duration', sa.Double(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['clip_id'], ['clips.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['comparison_id'], ['comparisons.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['note_id'], ['notes.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('exports') as batch:
        batch.create_index(batch.f('ix_exports_case_id'), ['case_id'], unique=False)
        batch.create_index(batch.f('ix_exports_clip_id'), ['clip_id'], unique=False)
        batch.create_index(batch.f('ix_exports_comparison_id'), ['comparison_id'], unique=False)


def downgrade():
    with op.batch_alter_table('exports') as batch:
        batch.drop_index(batch.f('ix_exports_comparison_id'))
        batch.drop_index(batch.f('ix_exports_clip_id'))
        batch.drop_index(batch.f('ix_exports_case_id'))
    op.drop_table('exports')

"""Drawings: lines, angles, circles, text and freehand over the picture while a note's range plays

Revision ID: 0009_drawings
Revises: 0008_export
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_drawings'
down_revision = '0008_export'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'drawings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('note_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('points', sa.JSON(), nullable=False),
        sa.Column('color', sa.String(length=7), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['note_id'], ['notes.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('drawings') as batch:
        batch.create_index(batch.f('ix_drawings_note_id'), ['note_id'], unique=False)


def downgrade():
    with op.batch_alter_table('drawings') as batch:
        batch.drop_index(batch.f('ix_drawings_note_id'))
    op.drop_table('drawings')

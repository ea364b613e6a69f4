"""Share: the frame the physio chose for the case's social image (a clip and a source time)

Revision ID: 0007_share
Revises: 0006_lifecycle
"""
import sqlalchemy as sa
from alembic import op

revision = '0007_share'
down_revision = '0006_lifecycle'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.add_column(sa.Column('social_clip_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('social_t', sa.Double(), nullable=True))
        batch.create_foreign_key('fk_cases_social_clip', 'clips', ['social_clip_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('cases', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_constraint('fk_cases_social_clip', type_='foreignkey')
        batch.drop_column('social_t')
        batch.drop_column('social_clip_id')

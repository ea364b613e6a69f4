"""Defects: comparisons get a random public id; SQLite never reuses the ids of linked rows

Revision ID: 0005_defects
Revises: 0004_security
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0005_defects'
down_revision = '0004_security'
branch_labels = None
depends_on = None

# Tables whose ids appear in links (runphys.models.NEVER_REUSE_IDS). The rebuild runs with foreign keys
# off (migrations/env.py), so dropping the old table deletes nothing that points at it.
NEVER_REUSE = ('users', 'cases', 'stages', 'clips', 'notes', 'comparisons', 'consents', 'comments', 'pages')


def upgrade():
    with op.batch_alter_table('comparisons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_id', sa.String(length=32), nullable=True))
    bind = op.get_bind()
    for (row_id,) in bind.execute(sa.text("SELECT id FROM comparisons")).all():
        bind.execute(sa.text("UPDATE comparisons SET public_id = :p WHERE id = :id"),
                     {"p": uuid.uuid4().hex, "id": row_id})
    with op.batch_alter_table('comparisons', schema=None) as batch_op:
        batch_op.alter_column('public_id', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint('uq_comparisons_public_id', ['public_id'])
    if bind.dialect.name == 'sqlite':
        for table in NEVER_REUSE:
            with op.batch_alter_table(table, recreate='always', table_kwargs={'sqlite_autoincrement': True}):
                pass


def downgrade():
    with op.batch_alter_table('comparisons', schema=None) as batch_op:
        batch_op.drop_constraint('uq_comparisons_public_id', type_='unique')
        batch_op.drop_column('public_id')

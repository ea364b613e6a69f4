"""Security: a per-user session token, part of every session and remember-me cookie

Revision ID: 0004_security
Revises: 0003_reader
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0004_security"
down_revision = "0003_reader"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_token", sa.String(length=32), nullable=True))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    conn = op.get_bind()
    for (user_id,) in conn.execute(sa.select(users.c.id)).all():
        conn.execute(users.update().where(users.c.id == user_id).values(session_token=secrets.token_hex(16)))
    with op.batch_alter_table("users") as batch:
        batch.alter_column("session_token", existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_token")

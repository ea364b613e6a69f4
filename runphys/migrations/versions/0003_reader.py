"""Reader: full-text search entries with their index (SQLite FTS5 or PostgreSQL GIN)

Revision ID: 0003_reader
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_reader'
down_revision = '0001'
branch_labels = None
depends_on = None

# The same statements fill the table here and in runphys.search.reindex_all().
FILL = (
    "INSERT INTO search_entries (case_id, kind, text) SELECT id, 'case', title || ' ' || summary FROM cases",
    "INSERT INTO search_entries (case_id, kind, text) SELECT case_id, 'stage', title || ' ' || body FROM stages",
    "INSERT INTO search_entries (case_id, clip_id, kind, t, text) SELECT s.case_id, c.id, 'clip', 0, c.caption "
    "FROM clips c JOIN stages s ON s.id = c.stage_id WHERE c.caption <> ''",
    "INSERT INTO search_entries (case_id, clip_id, note_id, kind, t, text) SELECT s.case_id, c.id, n.id, 'note', n.t, "
    "n.text FROM notes n JOIN clips c ON c.id = n.clip_id JOIN stages s ON s.id = c.stage_id",
)

SQLITE_FTS = (
    # External-content FTS5 over search_entries.text; porter stemming so "wobbles" finds "wobble".
    "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_entries', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
)

POSTGRES_FTS = (
    "CREATE INDEX ix_search_entries_fts ON search_entries USING gin (to_tsvector('english', text))",
)


def upgrade():
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('clip_id', sa.Integer(), nullable=True),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('t', sa.Double(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['clip_id'], ['clips.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entries_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_clip_id'), ['clip_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_note_id'), ['note_id'], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == 'sqlite' else POSTGRES_FTS if dialect == 'postgresql' else ():
        op.execute(statement)
    for statement in FILL:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for trigger in ('search_entries_ai', 'search_entries_ad', 'search_entries_au'):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_search_entries_fts")
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_note_id'))
        batch_op.drop_index(batch_op.f('ix_search_entries_clip_id'))
        batch_op.drop_index(batch_op.f('ix_search_entries_case_id'))
    op.drop_table('search_entries')

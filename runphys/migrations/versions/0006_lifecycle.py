"""Lifecycle: the job fence, source facts apart from output facts, moments on the source
timeline, retired versions kept for a grace period

Revision ID: 0006_lifecycle
Revises: 0005_defects
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_lifecycle'
down_revision = '0005_defects'
branch_labels = None
depends_on = None

# Notes, sync points and their search entries were stored on the played (trimmed) timeline;
# the source timeline adds the trim's start. A published version played from its trim_in.
TO_SOURCE = (
    "UPDATE notes SET t = t + (SELECT COALESCE(c.trim_in, 0) FROM clips c WHERE c.id = notes.clip_id), "
    "\"end\" = \"end\" + (SELECT COALESCE(c.trim_in, 0) FROM clips c WHERE c.id = notes.clip_id)",
    "UPDATE search_entries SET t = t + (SELECT COALESCE(c.trim_in, 0) FROM clips c "
    "WHERE c.id = search_entries.clip_id) WHERE kind = 'note'",
    "UPDATE comparisons SET "
    "before_offset = before_offset + (SELECT COALESCE(c.trim_in, 0) FROM clips c WHERE c.id = before_clip_id), "
    "after_offset = after_offset + (SELECT COALESCE(c.trim_in, 0) FROM clips c WHERE c.id = after_clip_id)",
    # the duration column held the trimmed output's: it is the source's only when nothing was trimmed
    "UPDATE clips SET source_duration = CASE WHEN trim_in IS NULL AND trim_out IS NULL THEN duration END, "
    "source_width = width, source_height = height, source_fps = fps, source_capture_fps = capture_fps, "
    "output_start = CASE WHEN version > 0 THEN COALESCE(trim_in, 0) ELSE 0 END, last_job = version",
)
TO_PLAYED = (
    "UPDATE notes SET t = t - (SELECT COALESCE(c.output_start, 0) FROM clips c WHERE c.id = notes.clip_id), "
    "\"end\" = \"end\" - (SELECT COALESCE(c.output_start, 0) FROM clips c WHERE c.id = notes.clip_id)",
    "UPDATE search_entries SET t = t - (SELECT COALESCE(c.output_start, 0) FROM clips c "
    "WHERE c.id = search_entries.clip_id) WHERE kind = 'note'",
    "UPDATE comparisons SET "
    "before_offset = before_offset - (SELECT c.output_start FROM clips c WHERE c.id = before_clip_id), "
    "after_offset = after_offset - (SELECT c.output_start FROM clips c WHERE c.id = after_clip_id)",
)
NEW_COLUMNS = ("generation", "last_job", "source_duration", "source_width", "source_height", "source_fps",
               "source_capture_fps", "output_start")


def upgrade():
    with op.batch_alter_table('clips') as batch:
        batch.add_column(sa.Column('generation', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('last_job', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('source_duration', sa.Double(), nullable=True))
        batch.add_column(sa.Column('source_width', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('source_height', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('source_fps', sa.Double(), nullable=True))
        batch.add_column(sa.Column('source_capture_fps', sa.Double(), nullable=True))
        batch.add_column(sa.Column('output_start', sa.Double(), nullable=False, server_default='0'))
    op.create_table(
        'retired_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('clip_uuid', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('collect_after', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('retired_versions') as batch:
        batch.create_index(batch.f('ix_retired_versions_clip_uuid'), ['clip_uuid'], unique=False)
        batch.create_index(batch.f('ix_retired_versions_collect_after'), ['collect_after'], unique=False)
    for statement in TO_SOURCE:
        op.execute(statement)


def downgrade():
    for statement in TO_PLAYED:
        op.execute(statement)
    op.execute("UPDATE clips SET duration = COALESCE(duration, source_duration)")
    with op.batch_alter_table('retired_versions') as batch:
        batch.drop_index(batch.f('ix_retired_versions_collect_after'))
        batch.drop_index(batch.f('ix_retired_versions_clip_uuid'))
    op.drop_table('retired_versions')
    with op.batch_alter_table('clips') as batch:
        for name in NEW_COLUMNS:
            batch.drop_column(name)

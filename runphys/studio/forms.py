"""WTForms of the studio and of logging in (every form carries a CSRF token)."""
from __future__ import annotations

import math
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..cases import TITLE_NEEDED
from ..models import CaseStatus, ClipView, Role, StageKind

VIEWS = [(v.value, v.value.title()) for v in ClipView]


def finite(form, field) -> None:
    """Refuse NaN and infinity, which FloatField reads from "nan" and "inf"."""
    if field.data is not None and not math.isfinite(field.data):
        raise StopValidation("Enter a finite number of seconds.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=255)],
                       render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField("Password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField("New password", validators=[DataRequired(), Length(min=10, max=200)],
                        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the new password", validators=[EqualTo("new", "The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})


class UserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=255)])
    name = StringField("Name shown as author", validators=[Length(max=120)])
    role = SelectField("Role", choices=[(r.value, r.value.title()) for r in Role])
    password = PasswordField("Password (at least 10 characters)", validators=[DataRequired(), Length(min=10)],
                             render_kw={"autocomplete": "new-password"})


class CaseForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(TITLE_NEEDED), Length(max=200)])
    slug = StringField("Address (slug)", validators=[Optional(), Length(max=80)],
                       description="Made from the title when left empty; letters, digits and dashes.")
    summary = TextAreaField("Summary", validators=[Length(max=5000)], description="Markdown.")
    client_alias = StringField("Client alias", validators=[Length(max=80)],
                               description="What readers see, e.g. “Grant” or “a masters runner”. Never the full name.")
    categories = MultiCheckboxField("Categories", choices=[])
    cover_clip_id = SelectField("Cover clip", coerce=int, choices=[(0, "First ready clip")])


class SocialImageForm(FlaskForm):
    clip_id = SelectField("Clip", coerce=int, choices=[])
    t = FloatField("Moment (seconds into the clip as it plays)", default=0.0,
                   validators=[InputRequired(), finite, NumberRange(min=0)])


class NewCaseForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(TITLE_NEEDED), Length(max=200)])
    summary = TextAreaField("Summary", validators=[Length(max=5000)])
    client_alias = StringField("Client alias", validators=[Length(max=80)],
                               description="Never required to be a real name.")
    categories = MultiCheckboxField("Categories", choices=[])
    with_stages = BooleanField("Start with the three stages (initial form, drills, result)", default=True)


class StageForm(FlaskForm):
    title = StringField("Title", validators=[Length(max=200)])
    body = TextAreaField("Text", description="Markdown: **bold**, *italic*, lists, links.")


class NewStageForm(StageForm):
    kind = SelectField("Kind", choices=[(k.value, k.label or "Section") for k in StageKind])


class ClipForm(FlaskForm):
    caption = StringField("Caption", validators=[Length(max=300)])
    view = SelectField("View", choices=VIEWS)
    trim_in = FloatField("Trim in (s)", validators=[Optional(), finite, NumberRange(min=0)])
    trim_out = FloatField("Trim out (s)", validators=[Optional(), finite, NumberRange(min=0)])
    strip_audio = BooleanField("Remove audio")
    subtitles = FileField("Subtitles (WebVTT .vtt)", render_kw={"accept": ".vtt,text/vtt"})
    remove_subtitles = BooleanField("Remove subtitles")


class ClipLabelForm(FlaskForm):
    """A clip's caption and view, edited on its row of the case page."""

    caption = StringField("Caption", validators=[Length(max=300)])
    view = SelectField("View", choices=VIEWS)


class UploadForm(FlaskForm):
    """The no-JavaScript upload: a plain multipart POST of one or more files."""

    files = FileField("Clips", render_kw={"multiple": True, "accept": "video/*"})
    caption = StringField("Caption", validators=[Length(max=300)])
    view = SelectField("View", choices=VIEWS, default="side")


class NoteForm(FlaskForm):
    t = FloatField("At (seconds)", validators=[InputRequired(), finite, NumberRange(min=0)])
    end = FloatField("Until (optional)", validators=[Optional(), finite, NumberRange(min=0)])
    text = TextAreaField("Note", validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 2})


class ExportForm(FlaskForm):
    """Export as video: the shape for the app it goes to; a comparison's layout; a clip's moment."""

    shape = SelectField("Shape", choices=[("9:16", "9:16 — Reels, TikTok, Shorts, WhatsApp status"),
                                          ("1:1", "1:1 — square"), ("16:9", "16:9 — landscape")],
                        default="9:16", validate_choice=False)  # the rule refuses as the API does
    layout = SelectField("Layout", choices=[("stacked", "Stacked"), ("side", "Side by side"),
                                            ("overlay", "Overlay")], default="stacked", validate_choice=False)
    moment = SelectField("What", choices=[("", "The whole clip")], default="")


class ConsentForm(FlaskForm):
    client_name = StringField("Client's full name (private, never shown)", validators=[DataRequired(), Length(max=200)],
                              render_kw={"autocomplete": "off"})
    consented_on = DateField("Date signed", validators=[DataRequired()], default=date.today)
    scope_site = BooleanField("On this site", default=True)
    scope_embeds = BooleanField("In embeds and social previews")
    document = FileField("Signed form (PDF or photo)", render_kw={"accept": "application/pdf,image/*"})


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=[(CaseStatus.DRAFT.value, "Draft"),
                                            (CaseStatus.UNLISTED.value, "Unlisted (link only)"),
                                            (CaseStatus.PUBLISHED.value, "Published")])


class ComparisonForm(FlaskForm):
    title = StringField("Title", default="Before and after", validators=[Length(max=200)])
    before_clip_id = SelectField("Before clip", coerce=int, choices=[])
    before_offset = FloatField("Sync point in the before clip (s)", default=0.0,
                               validators=[InputRequired(), finite, NumberRange(min=0)])
    after_clip_id = SelectField("After clip", coerce=int, choices=[])
    after_offset = FloatField("Sync point in the after clip (s)", default=0.0,
                              validators=[InputRequired(), finite, NumberRange(min=0)])


class PageForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    slug = StringField("Address (slug)", validators=[Optional(), Length(max=80)])
    body = TextAreaField("Text (Markdown)", render_kw={"rows": 14})
    in_nav = BooleanField("Show in the site menu", default=True)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""

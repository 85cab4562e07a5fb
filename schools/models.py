"""Groups of schools, the institutions that appear in ranking tables, and press contacts."""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common.models import SlugManager, public_url, web_address
from common.slugs import free_slug
from common.text import NAME_KEY_LENGTH, name_key


class Group(models.Model):
    """A university group (IMT) whose schools the site publishes."""

    name = models.CharField(
        _("name"), max_length=200, unique=True, help_text=_("Full name, as in a press release.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=50,
        help_text=_("Abbreviation used in running text, e.g. IMT."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in web addresses; lower case, no spaces."),
    )
    website = models.URLField(
        _("website"),
        blank=True,
        help_text=_("The group's home page, printed at the end of press releases."),
    )
    social_handle = models.CharField(
        _("social media handle"),
        max_length=100,
        blank=True,
        help_text=_("Social media handle without the @, e.g. IMTFrance."),
    )
    social_url = models.URLField(
        _("social media link"), blank=True, help_text=_("Link to the social media profile.")
    )
    about = models.TextField(
        _("about"),
        blank=True,
        help_text=_("The “About” paragraph printed at the end of every press release."),
    )
    releases_need_approval = models.BooleanField(
        _("press releases need approval"),
        default=False,
        help_text=_(
            "When ticked, an editor submits each press release for review and another editor "
            "approves it before it can be published or scheduled. Holders of the “Can publish "
            "press releases” permission may publish without approval."
        ),
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            web_address("website", "group_website_is_web_address"),
            web_address("social_url", "group_social_url_is_web_address"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str | None:
        return public_url("schools:about")

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class KeyFigure(models.Model):
    """A figure the group quotes about itself: "13,000 students a year"."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="key_figures", verbose_name=_("group")
    )
    value = models.CharField(
        _("value"),
        max_length=50,
        help_text=_("The figure as printed, e.g. 13,000 or about 70 million."),
    )
    label = models.CharField(
        _("label"), max_length=200, help_text=_("What it counts, e.g. students a year.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ["group", "order", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class SchoolQuerySet(models.QuerySet):
    def in_group(self, group: Group) -> SchoolQuerySet:
        return self.filter(group=group)

    def in_country(self, country: str) -> SchoolQuerySet:
        return self.filter(country=country)

    def of_kind(self, kind: str) -> SchoolQuerySet:
        return self.filter(kind=kind)

    def get_by_natural_key(self, slug: str) -> School:
        return self.get(slug=slug)

    def members(self) -> SchoolQuerySet:
        return self.filter(kind__in=[School.Kind.MEMBER, School.Kind.SUBSIDIARY])


class School(models.Model):
    """An institution: a group's school, or any university that appears in a ranking table.

    Institutions known only from imported tables have no group and the kind "other".
    """

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member school")
        SUBSIDIARY = "subsidiary", _("Subsidiary school")
        PARTNER = "partner", _("Partner")
        OTHER = "other", _("Other institution")

    class Category(models.TextChoices):
        """What sort of institution it is, for "first among French business schools"."""

        UNKNOWN = "", _("Unknown")
        UNIVERSITY = "university", _("University")
        ENGINEERING = "engineering", _("Engineering school")
        BUSINESS = "business", _("Business school")
        OTHER = "other", _("Other")

    name = models.CharField(
        _("name"), max_length=255, help_text=_("Official name, as THE prints it.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("Optional shorter name for tight spaces."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_("Used in web addresses; lower case, no spaces."),
    )
    name_key = models.CharField(
        _("name key"),
        max_length=NAME_KEY_LENGTH,
        editable=False,
        # No index of its own: the unique (name_key, country) constraint's index starts
        # with it, and searches look inside the key (LIKE '%…%'), which no index serves.
        help_text=_("The name reduced for matching imports."),
    )
    country = CountryField(_("country"), help_text=_("Country of the institution (ISO 3166 code)."))
    city = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("Shown on the school's page.")
    )
    website = models.URLField(_("website"), blank=True, help_text=_("The school's own home page."))
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("group"),
        help_text=_("Leave empty for institutions that only appear in ranking tables."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        default=Kind.OTHER,
        help_text=_(
            "Member and subsidiary schools are the group's own; partners are linked to it; "
            "every other institution in the ranking tables is “Other institution”."
        ),
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=Category,
        blank=True,
        default=Category.UNKNOWN,
        help_text=_(
            "University, engineering school, business school or other; leave unknown when "
            "unsure. A release compares a school with its country's institutions of the same "
            "category only when every one of them ranked has a category."
        ),
    )

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        permissions = [
            ("import_school", "Can import schools from a spreadsheet"),
            ("export_school", "Can export schools to a spreadsheet"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["member", "subsidiary", "partner", "other"]),
                name="school_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    category__in=["", "university", "engineering", "business", "other"]
                ),
                name="school_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(group__isnull=False) | models.Q(kind="other"),
                name="school_without_group_is_other",
                violation_error_message=_("A member, subsidiary or partner school needs a group."),
            ),
            models.UniqueConstraint(
                fields=["name_key", "country"],
                name="school_unique_name_in_country",
                violation_error_message=_(
                    "There is already a school of this name in this country (names are "
                    "compared without case, accents or punctuation)."
                ),
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="school_name_not_blank"),
            models.CheckConstraint(
                condition=~models.Q(country=""), name="school_country_not_blank"
            ),
            web_address("website", "school_website_is_web_address"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.name)
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str | None:
        return public_url("schools:detail", slug=self.slug)

    def validate_constraints(self, exclude=None) -> None:
        # name_key is no form field, so forms exclude it and its unique constraint would go
        # unchecked until the database refused the save: derive it, and check it with the name.
        self.name_key = name_key(self.name or "")
        exclude = set(exclude or ())
        if not exclude & {"name", "country"}:
            exclude.discard("name_key")
        super().validate_constraints(exclude)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


def unique_slug(name: str) -> str:
    """The slugified name, with -2, -3... when another school already has it."""
    return free_slug(school_slug_base(name), lambda slug: School.objects.filter(slug=slug).exists())


def school_slug_base(name: str) -> str:
    """The slugified name, short enough to take a -2 suffix."""
    return slugify(name)[:240] or "school"


class PressContact(models.Model):
    """Someone journalists can call about the group's results."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="press_contacts", verbose_name=_("group")
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("First name and surname, as printed.")
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("e.g. Press officer.")
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("e.g. Institut Mines-Télécom.")
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Printed on press releases and the contact page.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        ordering = ["group", "order", "name"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        permissions = [
            ("import_presscontact", "Can import press contacts from a spreadsheet"),
            ("export_presscontact", "Can export press contacts to a spreadsheet"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str | None:
        return public_url("schools:contact")


_FRENCH_NATIONAL = re.compile(r"^0(\d)(?:[ .\-]?(\d\d)){4}$")


def international_number(number: str) -> str:
    """A French number written nationally (02 29 00 11 22) in international form
    (+33 2 29 00 11 22): dialled from abroad, "tel:0229…" reaches nobody. Other numbers are
    kept as typed."""
    number = number.strip()
    if not _FRENCH_NATIONAL.match(number):
        return number
    digits = [c for c in number if c.isdigit()][1:]
    pairs = ["".join(digits[i : i + 2]) for i in range(1, 9, 2)]
    return " ".join(["+33", digits[0], *pairs])


class PhoneNumber(models.Model):
    """A contact's number, with what it is ("mobile") printed in the reader's language."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office")
        MOBILE = "mobile", _("Mobile")
        SWITCHBOARD = "switchboard", _("Switchboard")
        DIRECT = "direct", _("Direct line")

    contact = models.ForeignKey(
        PressContact, on_delete=models.CASCADE, related_name="phones", verbose_name=_("contact")
    )
    number = models.CharField(
        _("number"),
        max_length=40,
        # At least six digits: a number journalists can dial (the tel: link and the vCard).
        validators=[
            RegexValidator(
                r"^[+(]?\d(?:[\d ().\-/]*\d)?$",
                _("A phone number is digits, spaces and + ( ) . - / only, e.g. +33 1 75 31 40 97."),
            ),
            RegexValidator(r"(?:\d\D*){6}", _("A phone number has at least six digits.")),
        ],
        help_text=_("As it should be printed, e.g. +33 (0) 6 27 66 05 09."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        blank=True,
        help_text=_("Printed in the reader’s language: “Mobile” in English, “Portable” in French."),
    )
    label = models.CharField(
        _("other label"),
        max_length=50,
        blank=True,
        help_text=_("Only when no kind fits; printed as typed in both languages."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ["contact", "order", "pk"]
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        constraints = [
            models.CheckConstraint(condition=~models.Q(number=""), name="phone_not_blank"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["", "office", "mobile", "switchboard", "direct"]),
                name="phone_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        self.number = international_number(self.number)
        super().save(*args, **kwargs)

    @property
    def display_label(self) -> str:
        """What the number is, in the active language (a page's)."""
        return str(self.get_kind_display()) if self.kind else self.label

    def label_in(self, language: str) -> str:
        """What the number is, in `language`: the kind translated, else the typed label."""
        if not self.kind:
            return self.label
        with translation.override(language):
            return str(self.Kind(self.kind).label)

    @property
    def tel_uri(self) -> str:
        """tel: link target: digits and a leading +, the French trunk "(0)" dropped."""
        compact = international_number(self.number).replace("(0)", "")
        return "tel:" + "".join(c for c in compact if c.isdigit() or c == "+")

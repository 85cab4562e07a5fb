"""factory_boy factories for the domain models."""

import datetime

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from rankings.models import (
    SDG,
    Edition,
    EditionCountry,
    Ranking,
    Result,
    SDGResult,
    Subject,
    SubjectResult,
)
from schools.models import Group, KeyFigure, PhoneNumber, PressContact, School


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Group of Schools {n}")
    short_name = factory.Sequence(lambda n: f"G{n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    website = "https://example.org/"
    about = "A group of schools."


class KeyFigureFactory(DjangoModelFactory):
    class Meta:
        model = KeyFigure

    group = factory.SubFactory(GroupFactory)
    value = "13,000"
    label = "students a year"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School of Engineering {n}")
    country = "FR"
    city = "Paris"
    group = None
    kind = School.Kind.OTHER

    class Params:
        member = factory.Trait(group=factory.SubFactory(GroupFactory), kind=School.Kind.MEMBER)


class PressContactFactory(DjangoModelFactory):
    class Meta:
        model = PressContact

    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = "Press officer"
    email = factory.Sequence(lambda n: f"press{n}@example.org")


class PhoneNumberFactory(DjangoModelFactory):
    class Meta:
        model = PhoneNumber

    contact = factory.SubFactory(PressContactFactory)
    number = "+33 (0) 1 23 45 67 89"


class RankingFactory(DjangoModelFactory):
    class Meta:
        model = Ranking
        django_get_or_create = ("slug",)

    name = "THE Impact Rankings"
    slug = "the-impact-rankings"
    publisher = "Times Higher Education"


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("ranking", "year")

    ranking = factory.SubFactory(RankingFactory)
    year = 2021
    # Public: the day THE published the 2021 edition, in the edition's year.
    published_at = factory.LazyAttribute(
        lambda e: datetime.datetime(e.year, 4, 21, tzinfo=datetime.UTC)
    )


class EditionCountryFactory(DjangoModelFactory):
    class Meta:
        model = EditionCountry

    edition = factory.SubFactory(EditionFactory)
    country = "FR"
    institutions_ranked = 18


class ResultFactory(DjangoModelFactory):
    class Meta:
        model = Result

    edition = factory.SubFactory(EditionFactory)
    school = factory.SubFactory(SchoolFactory)
    rank = "101-200"


class SDGResultFactory(DjangoModelFactory):
    class Meta:
        model = SDGResult

    result = factory.SubFactory(ResultFactory)
    sdg = factory.LazyFunction(lambda: SDG.objects.get(number=17))
    rank = "201-300"


class SubjectFactory(DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("ranking", "slug")

    ranking = factory.SubFactory(
        RankingFactory,
        name="THE World University Rankings by subject",
        slug="the-subject-rankings",
    )
    name = "Computer science"
    slug = factory.LazyAttribute(lambda s: slugify(s.name))


class SubjectResultFactory(DjangoModelFactory):
    class Meta:
        model = SubjectResult

    subject = factory.SubFactory(SubjectFactory)
    # A result in an edition of the subject's ranking.
    result = factory.LazyAttribute(
        lambda o: ResultFactory(edition=EditionFactory(ranking=o.subject.ranking))
    )
    rank = "151-175"

"""Every ranking the office publishes about: a ranking's English and French names, its scope
(world, or national in one country), and the subject tables of rankings other than THE Impact."""

import django.core.validators
import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models


def english_names(apps, schema_editor):
    # modeltranslation reads name_en from now on: the names stored so far are English.
    Ranking = apps.get_model("rankings", "Ranking")
    for ranking in Ranking.objects.filter(name_en=None):
        ranking.name_en = ranking.name
        ranking.save(update_fields=["name_en"])


class Migration(migrations.Migration):

    dependencies = [
        ('rankings', '0015_sdg_table_sizes'),
    ]

    operations = [
        migrations.CreateModel(
            name='Subject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="The table's name, e.g. Computer science.", max_length=200, verbose_name='name')),
                ('name_en', models.CharField(help_text="The table's name, e.g. Computer science.", max_length=200, null=True, verbose_name='name')),
                ('name_fr', models.CharField(help_text="The table's name, e.g. Computer science.", max_length=200, null=True, verbose_name='name')),
                ('slug', models.SlugField(help_text="The table's address on the site.", max_length=100, verbose_name='slug')),
                ('name_key', models.CharField(editable=False, help_text='The name reduced for matching imports.', max_length=255, verbose_name='name key')),
            ],
            options={
                'verbose_name': 'subject',
                'verbose_name_plural': 'subjects',
                'ordering': ['ranking', 'name_key'],
            },
        ),
        migrations.CreateModel(
            name='SubjectResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank_high', models.PositiveIntegerField(blank=True, help_text='Worst position covered; empty for an open band such as 1001+.', null=True, verbose_name='worst rank')),
                ('rank_tie', models.BooleanField(default=False, help_text='Shared position, printed =57.', verbose_name='tie')),
                ('score_low', models.DecimalField(blank=True, decimal_places=1, help_text='Score out of 100, or the lower end of a range.', max_digits=4, null=True, verbose_name='score')),
                ('score_high', models.DecimalField(blank=True, decimal_places=1, help_text='Upper end of a score range, if THE gives one.', max_digits=4, null=True, verbose_name='highest score')),
                ('national_rank', models.PositiveIntegerField(blank=True, help_text='Position among the institutions of the same country (1 = first).', null=True, validators=[django.core.validators.MinValueValidator(1, 'A national rank starts at 1.'), django.core.validators.MaxValueValidator(100000, 'A national rank is at most %(limit_value)s.')], verbose_name='national rank')),
                ('rank_low', models.PositiveIntegerField(help_text='Best position covered.', verbose_name='best rank')),
            ],
            options={
                'verbose_name': 'subject result',
                'verbose_name_plural': 'subject results',
                'ordering': ['result', 'subject'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='ranking',
            name='country',
            field=django_countries.fields.CountryField(blank=True, help_text='For a national ranking, the country whose institutions it ranks.', max_length=2, verbose_name='country'),
        ),
        migrations.AddField(
            model_name='ranking',
            name='name_en',
            field=models.CharField(max_length=200, null=True, unique=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='ranking',
            name='name_fr',
            field=models.CharField(max_length=200, null=True, unique=True, verbose_name='name'),
        ),
        migrations.RunPython(english_names, migrations.RunPython.noop),
        migrations.AddField(
            model_name='ranking',
            name='scope',
            field=models.CharField(choices=[('world', 'world ranking'), ('national', 'national ranking')], default='world', help_text='World, or national: only the institutions of one country are ranked.', max_length=10, verbose_name='scope'),
        ),
        migrations.AlterField(
            model_name='ranking',
            name='slug',
            field=models.SlugField(max_length=100, unique=True, validators=[django.core.validators.RegexValidator('^[-a-z0-9_]*[a-z][-a-z0-9_]*$', "A ranking's slug needs a letter (it is not a year).")], verbose_name='slug'),
        ),
        migrations.AddConstraint(
            model_name='ranking',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('country', ''), ('scope', 'world')), models.Q(('scope', 'national'), models.Q(('country', ''), _negated=True)), _connector='OR'), name='ranking_national_has_country', violation_error_message='A national ranking has a country; a world ranking has none.'),
        ),
        migrations.AddConstraint(
            model_name='ranking',
            constraint=models.CheckConstraint(condition=models.Q(('slug__regex', '^[-a-z0-9_]*[a-z][-a-z0-9_]*$')), name='ranking_slug_not_a_year'),
        ),
        migrations.AddField(
            model_name='subject',
            name='ranking',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='subjects', to='rankings.ranking', verbose_name='ranking'),
        ),
        migrations.AddField(
            model_name='subjectresult',
            name='result',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='subject_results', to='rankings.result', verbose_name='result'),
        ),
        migrations.AddField(
            model_name='subjectresult',
            name='subject',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='results', to='rankings.subject', verbose_name='subject'),
        ),
        migrations.AddConstraint(
            model_name='subject',
            constraint=models.UniqueConstraint(fields=('ranking', 'slug'), name='subject_unique_slug'),
        ),
        migrations.AddConstraint(
            model_name='subject',
            constraint=models.UniqueConstraint(fields=('ranking', 'name_key'), name='subject_unique_name'),
        ),
        migrations.AddIndex(
            model_name='subjectresult',
            index=models.Index(fields=['subject', 'rank_low', 'rank_high'], name='subject_result_subject_rank'),
        ),
        migrations.AddConstraint(
            model_name='subjectresult',
            constraint=models.CheckConstraint(condition=models.Q(('rank_low__isnull', True), ('rank_low__gte', 1), _connector='OR'), name='subjectresult_rank_positive'),
        ),
        migrations.AddConstraint(
            model_name='subjectresult',
            constraint=models.CheckConstraint(condition=models.Q(('rank_high__isnull', True), models.Q(('rank_high__gte', models.F('rank_low')), ('rank_low__isnull', False)), _connector='OR'), name='subjectresult_rank_bounds_ordered'),
        ),
        migrations.AddConstraint(
            model_name='subjectresult',
            constraint=models.CheckConstraint(condition=models.Q(('rank_tie', False), models.Q(('rank_high', models.F('rank_low')), ('rank_high__isnull', False)), _connector='OR'), name='subjectresult_tie_is_exact'),
        ),
        migrations.AddConstraint(
            model_name='subjectresult',
            constraint=models.CheckConstraint(condition=models.Q(('national_rank__isnull', True), ('national_rank__gte', 1), _connector='OR'), name='subjectresult_national_rank_positive', violation_error_message='A national rank starts at 1.'),
        ),
        migrations.AddConstraint(
            model_name='subjectresult',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('score_low__isnull', True), models.Q(('score_low__gte', 0), ('score_low__lte', 100)), _connector='OR'), models.Q(('score_high__isnull', True), models.Q(('score_high__gte', models.F('score_low')), ('score_high__lte', 100), ('score_low__isnull', False)), _connector='OR')), name='subjectresult_score_range'),
        ),
        migrations.AddConstraint(
            model_name='subjectresult',
            constraint=models.UniqueConstraint(fields=('result', 'subject'), name='subject_result_one_per_subject'),
        ),
    ]

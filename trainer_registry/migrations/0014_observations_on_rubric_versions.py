"""Teach-backs and co-facilitations become observations scored on a versioned rubric.

The earlier records are carried over, nothing dropped: a teach-back assessment becomes a
teach-back observation with its score, its free-form rubric scores kept in
``legacy_scores`` and its pass decided as the programme's criteria then decided it (its
score against the programme's teach-back minimum, 70 % when none was set); an observed
co-facilitation becomes a co-facilitation observation, passed when it was satisfactory,
its notes kept. Neither has a rubric version: they were not scored on one. A programme
whose criteria asked no teach-back (an empty minimum) keeps asking none.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_TEACH_BACK_DEFAULT = 70


def carry_over(apps, schema_editor):
    criteria = apps.get_model("trainer_registry", "CertificationCriteria")
    teach_back = apps.get_model("trainer_registry", "TeachBackAssessment")
    co_facilitation = apps.get_model("trainer_registry", "CoFacilitationObservation")
    observation = apps.get_model("trainer_registry", "Observation")
    minimum = {}
    for row in criteria.objects.all():
        row.teach_back_required = row.min_teach_back_percent is not None
        row.save(update_fields=["teach_back_required"])
        minimum[row.programme_id] = row.min_teach_back_percent
    seen = set()
    for old in teach_back.objects.select_related("event").order_by("pk"):
        needed = minimum.get(old.event.programme_id, OLD_TEACH_BACK_DEFAULT)
        scores = {"rubric": old.rubric, "assessed_by_person_id": old.assessed_by_id}
        key = (old.person_id, old.event_id, old.assessed_by_id)
        observer = old.assessed_by_id if key not in seen else None
        seen.add(key)
        observation.objects.create(
            kind="teach_back",
            person_id=old.person_id,
            event_id=old.event_id,
            observer_id=observer,
            observed_on=old.assessed_on,
            score_percent=old.score_percent,
            passed=(
                needed is None or (old.score_percent is not None and old.score_percent >= needed)
            ),
            legacy_scores=scores,
        )
    for old in co_facilitation.objects.order_by("pk"):
        observation.objects.create(
            kind="co_facilitation",
            person_id=old.person_id,
            event_id=old.event_id,
            observer_id=old.observer_id,
            observed_on=old.observed_on,
            passed=old.satisfactory,
            notes=old.notes,
            legacy_scores={"satisfactory": old.satisfactory},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("trainer_registry", "0013_item_responses"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="certificationcriteria",
            name="teach_back_required",
            field=models.BooleanField(
                default=True,
                help_text="Passed under the pass rule of the rubric it was scored on.",
                verbose_name="a passed teach-back is needed",
            ),
        ),
        migrations.AlterField(
            model_name="certificationcriteria",
            name="min_observed_cofacilitations",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="observed co-facilitations passed at least"
            ),
        ),
        migrations.AlterField(
            model_name="certificationcriteria",
            name="min_post_test_percent",
            field=models.DecimalField(
                decimal_places=2,
                default=80,
                max_digits=5,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(100),
                ],
                verbose_name="certification exam at least (%)",
            ),
        ),
        migrations.CreateModel(
            name="Observation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("teach_back", "Teach-back"),
                            ("co_facilitation", "Co-facilitation"),
                        ],
                        max_length=16,
                        verbose_name="session",
                    ),
                ),
                ("observed_on", models.DateField(verbose_name="observed on")),
                (
                    "score_percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="weighted score (%)",
                    ),
                ),
                ("passed", models.BooleanField(verbose_name="passed")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "legacy_scores",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        editable=False,
                        verbose_name="scores recorded before the rubric",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="observations",
                        to="trainer_registry.trainingevent",
                    ),
                ),
                (
                    "observer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="trainer_registry.person",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="observations",
                        to="trainer_registry.person",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "observation",
                "verbose_name_plural": "observations",
                "ordering": ["person", "-observed_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="CriterionScore",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("criterion", models.SlugField(max_length=64, verbose_name="criterion")),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(4),
                        ],
                        verbose_name="level",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                (
                    "observation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="trainer_registry.observation",
                    ),
                ),
            ],
            options={
                "verbose_name": "criterion score",
                "verbose_name_plural": "criterion scores",
                "ordering": ["observation", "pk"],
            },
        ),
        migrations.CreateModel(
            name="RubricVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rubric_id", models.SlugField(max_length=64, verbose_name="rubric")),
                ("version", models.CharField(max_length=32, verbose_name="version")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "content",
                    models.JSONField(editable=False, verbose_name="criteria, levels and pass rule"),
                ),
                (
                    "digest",
                    models.CharField(
                        editable=False, max_length=64, verbose_name="SHA-256 of the content"
                    ),
                ),
                ("loaded_at", models.DateTimeField(auto_now_add=True, verbose_name="loaded at")),
            ],
            options={
                "verbose_name": "rubric version",
                "verbose_name_plural": "rubric versions",
                "ordering": ["rubric_id", "-loaded_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("rubric_id", "version"), name="rubric_version_once"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="observation",
            name="rubric_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="observations",
                to="trainer_registry.rubricversion",
            ),
        ),
        migrations.AddConstraint(
            model_name="criterionscore",
            constraint=models.UniqueConstraint(
                fields=("observation", "criterion"), name="one_score_per_criterion"
            ),
        ),
        migrations.AddConstraint(
            model_name="criterionscore",
            constraint=models.CheckConstraint(
                condition=models.Q(("level__gte", 1), ("level__lte", 4)),
                name="criterion_level_1_to_4",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("observer__isnull", False)),
                fields=("kind", "person", "event", "observer"),
                name="observer_scores_a_session_once",
            ),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="certificationcriteria",
            name="min_teach_back_percent",
        ),
        migrations.RemoveField(
            model_name="teachbackassessment",
            name="assessed_by",
        ),
        migrations.RemoveField(
            model_name="teachbackassessment",
            name="event",
        ),
        migrations.RemoveField(
            model_name="teachbackassessment",
            name="person",
        ),
        migrations.DeleteModel(
            name="CoFacilitationObservation",
        ),
        migrations.DeleteModel(
            name="TeachBackAssessment",
        ),
    ]

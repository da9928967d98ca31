"""Install COMMIT Training into a Tutor-managed Open edX and configure it.

``tutor plugins enable commit`` then ``tutor images build openedx`` and
``tutor local launch``: the image gets the package, the LMS and CMS get the registry's
settings, the platform's migrations create its tables, and Studio offers the four blocks.

Studio lists an installed XBlock in a course's "Advanced" component menu when the block is
in that course's Advanced Module List (``advanced_modules``), a course setting that no
platform setting changes for every course. The CMS init task therefore records the blocks
in Studio's XBlock configuration (``XBlockStudioConfiguration``): fully supported, so that
they stay offered when a site turns support levels on, and, on a platform whose
configuration has ``advanced_by_default``, offered in every course
(``COMMIT_BLOCKS_IN_EVERY_COURSE``). ``tutor local do commit-enable-blocks COURSE_KEY...``
adds them to given courses' Advanced Module List, for a platform without that field.
"""

from __future__ import annotations

from collections.abc import Iterable

import click
from tutor import hooks

# The blocks' names, as the package declares them (entry points ``xblock.v1``).
COMMIT_BLOCKS = (
    "commit_knowledge_check",
    "commit_case_scenario",
    "commit_interview_sim",
    "commit_course_evaluation",
)

hooks.Filters.CONFIG_DEFAULTS.add_items(
    [
        # What pip installs: a release, or a VCS URL / local path for a pilot.
        ("COMMIT_PIP_REQUIREMENT", "commit-training"),
        # Offer the blocks in every course's Advanced menu, where the platform allows it.
        ("COMMIT_BLOCKS_IN_EVERY_COURSE", True),
    ]
)
hooks.Filters.CONFIG_UNIQUE.add_items(
    [
        # Signs registry backups; generated once per installation and kept in config.yml.
        ("COMMIT_BACKUP_KEY", "{{ 48|random_string }}"),
    ]
)

hooks.Filters.ENV_PATCHES.add_items(
    [
        (
            "openedx-dockerfile-post-python-requirements",
            "RUN pip install '{{ COMMIT_PIP_REQUIREMENT }}'",
        ),
        (
            "openedx-common-settings",
            '# COMMIT Training\nTRAINER_REGISTRY_BACKUP_KEY = "{{ COMMIT_BACKUP_KEY }}"',
        ),
    ]
)

# Run by the CMS (``./manage.py cms shell -c``): Python without double quotes, dollar signs
# or backticks, so that it survives the shell's double quotes and Tutor's Jinja rendering.
OFFER_IN_STUDIO = """
from common.djangoapps.xblock_django.models import XBlockStudioConfiguration as Config
fields = set(field.name for field in Config._meta.get_fields())
every_course = '{{ COMMIT_BLOCKS_IN_EVERY_COURSE }}' == 'True'
for name in BLOCKS:
    wanted = dict(enabled=True, support_level=Config.FULL_SUPPORT)
    if 'advanced_by_default' in fields:
        wanted['advanced_by_default'] = every_course
    current = Config.objects.current_set().filter(name=name, template='').first()
    if current is None or any(getattr(current, key) != value for key, value in wanted.items()):
        Config.objects.create(name=name, template='', **wanted)
    print('Studio offers', name, 'in every course' if wanted.get('advanced_by_default') else '')
"""

ENABLE_IN_COURSES = """
from opaque_keys.edx.keys import CourseKey
from xmodule.modulestore import ModuleStoreEnum
from xmodule.modulestore.django import modulestore
store = modulestore()
for key in COURSES:
    course = store.get_course(CourseKey.from_string(key))
    if course is None:
        raise SystemExit('commit-enable-blocks: there is no course ' + key)
    missing = [name for name in BLOCKS if name not in course.advanced_modules]
    if missing:
        course.advanced_modules = list(course.advanced_modules) + missing
        store.update_item(course, ModuleStoreEnum.UserID.mgmt_command)
    print(key, 'Advanced Module List:', ', '.join(course.advanced_modules))
"""


def cms_shell(script: str, **values: tuple[str, ...]) -> str:
    """A shell command that runs ``script`` in the CMS, with ``values`` (tuples of plain
    names) assigned before it."""
    assignments = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    return f'./manage.py cms shell -c "{assignments}{script}"'


hooks.Filters.CLI_DO_INIT_TASKS.add_item(("cms", cms_shell(OFFER_IN_STUDIO, BLOCKS=COMMIT_BLOCKS)))


@click.command(name="commit-enable-blocks")
@click.argument("course_keys", nargs=-1, required=True, metavar="COURSE_KEY...")
def enable_blocks(course_keys: tuple[str, ...]) -> Iterable[tuple[str, str]]:
    """Add the four COMMIT blocks to these courses' Advanced Module List."""
    for key in course_keys:
        if not key.startswith("course-v1:") or any(c in key for c in "\"'$`\\ {}"):
            raise click.BadParameter(f"{key!r} is not a course key like course-v1:ORG+CODE+RUN")
    yield ("cms", cms_shell(ENABLE_IN_COURSES, BLOCKS=COMMIT_BLOCKS, COURSES=course_keys))


hooks.Filters.CLI_DO_COMMANDS.add_item(enable_blocks)

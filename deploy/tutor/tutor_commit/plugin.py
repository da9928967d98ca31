"""Install COMMIT Training into a Tutor-managed Open edX and configure it.

``tutor plugins enable commit`` then ``tutor images build openedx`` and
``tutor local launch``: the image gets the package, the LMS and CMS get the registry's
settings, and the platform's migrations create its tables.
"""

from tutor import hooks

hooks.Filters.CONFIG_DEFAULTS.add_items(
    [
        # What pip installs: a release, or a VCS URL / local path for a pilot.
        ("COMMIT_PIP_REQUIREMENT", "commit-training"),
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

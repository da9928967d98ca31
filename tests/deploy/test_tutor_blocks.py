"""The Tutor plugin makes Studio offer the four blocks: its CMS init task and its
``commit-enable-blocks`` command, rendered by Tutor and run against stand-ins for the
platform's XBlock configuration and modulestore (the platform itself is not installed)."""

from __future__ import annotations

import configparser
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.conftest import require
from tests.deploy.test_tutor_plugin import ROOT, TUTOR, tutor

RENDER = """
import json, sys
from tutor import config as tutor_config, env, hooks
import tutor_commit.plugin as plugin
root = sys.argv[1]
enable = list(plugin.enable_blocks.callback(("course-v1:COMMIT+NTP+2026",)))
try:
    list(plugin.enable_blocks.callback(("course-v1:X+Y+Z; rm -rf /",)))
    refused = ""
except Exception as error:
    refused = str(error)
hooks.Actions.CORE_READY.do()
hooks.Actions.PROJECT_ROOT_READY.do(root)
config = tutor_config.load(root)
init = [(service, env.render_str(config, task))
        for service, task in hooks.Filters.CLI_DO_INIT_TASKS.iterate()
        if "XBlockStudioConfiguration" in task]
commands = [command.name for command in hooks.Filters.CLI_DO_COMMANDS.iterate()]
print(json.dumps({"blocks": plugin.COMMIT_BLOCKS, "init": init, "enable": enable,
                  "refused": refused, "commands": commands}))
"""


def rendered(root: Path) -> dict:
    python = TUTOR.parent / "python"
    result = subprocess.run(
        [str(python), "-c", RENDER, str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def plugin(tmp_path):
    require(TUTOR.exists(), f"Tutor is not installed at {TUTOR} (make test installs it)")
    tutor(tmp_path, "plugins", "enable", "commit")
    tutor(tmp_path, "config", "save")
    return tmp_path


def python_of(command: str) -> str:
    prefix = './manage.py cms shell -c "'
    assert command.startswith(prefix) and command.endswith('"')
    body = command[len(prefix) : -1]
    assert '"' not in body and "$" not in body and "`" not in body  # safe in the shell
    return body


class StudioConfiguration:
    """Stands in for the platform's ``XBlockStudioConfiguration`` (a ConfigurationModel:
    every change is a new row, the newest row per name and template holds)."""

    FULL_SUPPORT = "fs"
    rows: list[dict]
    field_names = ("name", "template", "support_level", "enabled", "advanced_by_default")

    class _meta:  # named as in Django
        @classmethod
        def get_fields(cls):
            return [types.SimpleNamespace(name=n) for n in StudioConfiguration.field_names]

    class objects:  # named as in Django
        @staticmethod
        def current_set():
            return StudioConfiguration.objects

        @staticmethod
        def filter(**match):
            found = [
                r for r in StudioConfiguration.rows if all(r.get(k) == v for k, v in match.items())
            ]
            return types.SimpleNamespace(
                first=lambda: types.SimpleNamespace(**found[-1]) if found else None
            )

        @staticmethod
        def create(**fields):
            StudioConfiguration.rows.append(fields)


def platform(monkeypatch, **modules) -> None:
    for name, attributes in modules.items():
        monkeypatch.setitem(sys.modules, name, types.SimpleNamespace(**attributes))


def run_init_task(monkeypatch, python: str, field_names) -> list[dict]:
    StudioConfiguration.rows = getattr(StudioConfiguration, "rows", [])
    monkeypatch.setattr(StudioConfiguration, "field_names", field_names)
    platform(
        monkeypatch,
        common={},
        **{
            "common.djangoapps": {},
            "common.djangoapps.xblock_django": {},
            "common.djangoapps.xblock_django.models": {
                "XBlockStudioConfiguration": StudioConfiguration
            },
        },
    )
    exec(python, {})  # noqa: S102 - the script the CMS runs
    return StudioConfiguration.rows


def test_the_plugin_names_the_packages_four_blocks(plugin):
    declared = configparser.ConfigParser()
    declared.read(ROOT / "setup.cfg")
    entry_points = declared["options.entry_points"]["xblock.v1"]
    names = [line.split("=")[0].strip() for line in entry_points.strip().splitlines()]
    assert rendered(plugin)["blocks"] == names


@pytest.mark.parametrize("every_course", [True, False])
def test_init_task_offers_the_blocks_in_studio_once(plugin, monkeypatch, every_course, capsys):
    tutor(plugin, "config", "save", "--set", f"COMMIT_BLOCKS_IN_EVERY_COURSE={every_course}")
    out = rendered(plugin)
    assert "commit-enable-blocks" in out["commands"]
    [(service, command)] = out["init"]
    assert service == "cms"
    python = python_of(command)
    StudioConfiguration.rows = []
    rows = run_init_task(monkeypatch, python, StudioConfiguration.field_names)
    assert [row["name"] for row in rows] == out["blocks"]
    assert all(
        (row["template"], row["support_level"], row["enabled"], row["advanced_by_default"])
        == ("", "fs", True, every_course)
        for row in rows
    )
    run_init_task(monkeypatch, python, StudioConfiguration.field_names)  # launched again
    assert len(StudioConfiguration.rows) == 4
    assert capsys.readouterr().out.count("Studio offers commit_") == 8


def test_init_task_on_a_platform_without_advanced_by_default(plugin, monkeypatch):
    python = python_of(rendered(plugin)["init"][0][1])
    StudioConfiguration.rows = [
        {"name": "commit_case_scenario", "template": "", "support_level": "us", "enabled": True}
    ]
    rows = run_init_task(monkeypatch, python, ("name", "template", "support_level", "enabled"))
    assert len(rows) == 5 and "advanced_by_default" not in rows[-1]
    newest = {row["name"]: row["support_level"] for row in rows}
    assert set(newest.values()) == {"fs"}


class Course:
    def __init__(self, advanced_modules):
        self.advanced_modules = advanced_modules


def test_enable_blocks_adds_them_to_a_courses_advanced_module_list_once(plugin, monkeypatch):
    out = rendered(plugin)
    [(service, command)] = out["enable"]
    assert service == "cms"
    assert "is not a course key" in out["refused"]
    python = python_of(command)
    course = Course(["poll", "commit_case_scenario"])
    updates = []
    store = types.SimpleNamespace(
        get_course=lambda key: course if key == "course-v1:COMMIT+NTP+2026" else None,
        update_item=lambda item, user_id: updates.append((item, user_id)),
    )
    platform(
        monkeypatch,
        opaque_keys={},
        **{
            "opaque_keys.edx": {},
            "opaque_keys.edx.keys": {
                "CourseKey": types.SimpleNamespace(from_string=lambda key: key)
            },
            "xmodule": {},
            "xmodule.modulestore": {
                "ModuleStoreEnum": types.SimpleNamespace(
                    UserID=types.SimpleNamespace(mgmt_command=-1)
                )
            },
            "xmodule.modulestore.django": {"modulestore": lambda: store},
        },
    )
    exec(python, {})  # noqa: S102 - the script the CMS runs
    assert course.advanced_modules == [
        "poll",
        "commit_case_scenario",
        "commit_knowledge_check",
        "commit_interview_sim",
        "commit_course_evaluation",
    ]
    assert updates == [(course, -1)]
    exec(python, {})  # noqa: S102 - run again: nothing to add, nothing written
    assert len(updates) == 1
    store.get_course = lambda key: None
    with pytest.raises(SystemExit, match="there is no course course-v1:COMMIT"):
        exec(python, {})  # noqa: S102

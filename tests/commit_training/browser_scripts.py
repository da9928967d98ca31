"""Run the blocks' browser scripts in Node, as a page would load them, without a DOM.

``evaluate(scripts, expressions)`` runs each ``(name, source)`` script in order in one
fresh global object that is also ``window`` (what ``<script>`` tags on one page share),
then evaluates each JavaScript expression there and returns their values, read back as
JSON. A script that throws fails the call with Node's message, naming the script.
"""

from __future__ import annotations

import json
import shutil
import subprocess

from tests.conftest import require

_RUNNER = """
const fs = require("fs");
const vm = require("vm");
const job = JSON.parse(fs.readFileSync(0, "utf8"));
const page = vm.createContext({});
vm.runInContext("var window = this;", page);
for (const [name, source] of job.scripts) {
  vm.runInContext(source, page, {filename: name});
}
const values = job.expressions.map((expression) => vm.runInContext(expression, page));
process.stdout.write(JSON.stringify(values));
"""


def evaluate(scripts: list[tuple[str, str]], expressions: list[str]) -> list:
    """The values of ``expressions`` after ``scripts`` ran, in order, on one page."""
    node = shutil.which("node")
    require(node is not None, "Node.js is not installed (Debian: apt-get install nodejs)")
    job = json.dumps({"scripts": scripts, "expressions": expressions})
    result = subprocess.run(
        [node, "-e", _RUNNER], input=job, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)

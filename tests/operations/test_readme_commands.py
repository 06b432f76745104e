"""The commands the README shows work as printed after `make demo`, on a machine with no variables set."""

import os
import re
import subprocess
import sys

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MANAGE_COMMANDS = sorted(set(re.findall(r"\.venv/bin/python manage\.py (\w+)", README)))
MAKE_TARGETS = sorted(set(re.findall(r"(?:^|`)make (\w+)", README, flags=re.MULTILINE)))
PYTHON = ROOT / ".venv" / "bin" / "python"


def demo_env_file(tmp_path):
    """The .env `make demo` writes (its own Makefile rule), here in a temporary directory."""
    tmp_path.mkdir(exist_ok=True)
    env_file = tmp_path / ".env"
    subprocess.run(["make", "-s", str(env_file), f"ENV_FILE={env_file}"], cwd=ROOT, check=True)
    return env_file


def test_the_demo_env_file_turns_debug_on_with_a_key_of_its_own(tmp_path):
    first, second = demo_env_file(tmp_path / "a"), demo_env_file(tmp_path / "b")
    settings = dict(
        line.split("=", 1) for line in first.read_text().splitlines() if line and not line.startswith("#")
    )
    assert settings["DEBUG"] == "1"
    assert len(settings["SECRET_KEY"]) >= 50
    assert settings["SECRET_KEY"] not in second.read_text()


def test_every_manage_py_command_of_the_readme_starts_after_make_demo(tmp_path):
    assert {"run_jobs", "import_enterprises", "import_credit_records", "seed_demo"} <= set(MANAGE_COMMANDS)
    bare = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "ENV_FILE": str(demo_env_file(tmp_path))}
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    for command in MANAGE_COMMANDS:
        run = subprocess.run(
            [python, "manage.py", command, "--help"], cwd=ROOT, env=bare, capture_output=True, text=True
        )
        assert run.returncode == 0, f"manage.py {command}: {run.stderr[-500:]}"


def test_without_the_env_file_the_settings_still_refuse_to_run_without_a_key(tmp_path):
    bare = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "ENV_FILE": str(tmp_path / "none")}
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    run = subprocess.run([python, "manage.py", "check"], cwd=ROOT, env=bare, capture_output=True, text=True)
    assert run.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in run.stderr


def test_every_make_target_of_the_readme_exists():
    assert {"demo", "test", "worker", "beat", "bench", "mutate", "lint", "messages"} <= set(MAKE_TARGETS)
    for target in MAKE_TARGETS:
        run = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert run.returncode == 0, f"make {target}: {run.stderr}"

"""What deploy/Dockerfile sets and runs, read with dockerfile-parse for the tests of the image
and of the Kubernetes manifests, which must agree with it.

The image cannot be built here (no Docker engine), so the tests run its steps outside Docker:
in the repository instead of /app, with this virtual environment instead of /opt/venv.
"""

import json
import os
import sys
from pathlib import Path

from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
VENV_BIN = Path(sys.executable).parent


def parser() -> DockerfileParser:
    return DockerfileParser(path=str(DOCKERFILE))


def stages() -> list[list[dict]]:
    """The instructions of each build stage (``FROM`` first), comments left out."""
    result: list[list[dict]] = []
    for instruction in parser().structure:
        if instruction["instruction"] == "FROM":
            result.append([])
        if result and instruction["instruction"] != "COMMENT":
            result[-1].append(instruction)
    return result


def final_stage() -> list[dict]:
    return stages()[-1]


def instruction_values(name: str, stage: list[dict] | None = None) -> list[str]:
    """The values of every ``name`` instruction of a stage (default: the final one)."""
    return [i["value"] for i in (stage or final_stage()) if i["instruction"] == name]


def image_env(**overrides: str) -> dict[str, str]:
    """The environment a container of the image starts with, as this machine can give it.

    The image's ``ENV`` with /opt/venv mapped to this virtual environment, the rest of ``PATH``
    and ``HOME`` from here, then ``overrides`` (for paths under /app, which is read-only in the
    image and absent here). Nothing else from this process's environment leaks in.
    """
    env = dict(parser().envs)
    env["PATH"] = env["PATH"].replace("/opt/venv/bin", str(VENV_BIN)) + os.environ["PATH"]
    env["HOME"] = os.environ.get("HOME", "/root")
    env.update(overrides)
    return env


def cmd() -> list[str]:
    """The image's ``CMD`` (exec form)."""
    return json.loads(instruction_values("CMD")[0])


def healthcheck_cmd() -> list[str]:
    """The command of the image's ``HEALTHCHECK`` (exec form)."""
    value = instruction_values("HEALTHCHECK")[0]
    return json.loads(value.split(" CMD ", 1)[1])


def user() -> tuple[int, int]:
    """The numeric (uid, gid) the final stage runs as."""
    uid, _, gid = instruction_values("USER")[-1].partition(":")
    return int(uid), int(gid)

"""A progress bar on standard error for long runs on a terminal — never in pipes or CI logs."""

from __future__ import annotations

import os
import time
from typing import Mapping, TextIO

# Set by GitHub Actions, GitLab CI, Jenkins, Buildkite, Azure Pipelines, CircleCI, Travis, TeamCity.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "TF_BUILD", "CIRCLECI",
                "TRAVIS", "TEAMCITY_VERSION")
DELAY_SECONDS = 0.5  # a short run never shows a bar
REDRAW_SECONDS = 0.1
WIDTH = 30


def wanted(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """A bar only on an interactive terminal outside CI (and not with TERM=dumb or REPORTLINT_NO_PROGRESS)."""
    env = os.environ if environ is None else environ
    if any(env.get(v) for v in CI_VARIABLES) or env.get("TERM") == "dumb" or env.get("REPORTLINT_NO_PROGRESS"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """Callable as `progress(done, total)`; draws `[#####.....] 12/40 files` in place, cleared by `close()`."""

    def __init__(self, stream: TextIO, clock=time.monotonic) -> None:
        self.stream, self.clock = stream, clock
        self.started = clock()
        self.last_draw = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < DELAY_SECONDS or (now - self.last_draw < REDRAW_SECONDS and done < total):
            return
        self.last_draw = now
        filled = WIDTH * done // max(1, total)
        self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * (WIDTH + 30) + "\r")
            self.stream.flush()
            self.drawn = False


def for_stderr() -> ProgressBar | None:
    import sys

    return ProgressBar(sys.stderr) if wanted(sys.stderr) else None

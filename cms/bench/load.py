"""The benchmark's load generator, the gunicorn server it drives, and the workers' memory.

The load generator is plain Python: one thread per client, each with its own keep-alive
connection (``http.client``), sending a scenario's requests one after the other for a fixed
time. It runs on the same machine as the server and takes CPU from it: the figures compare
scenarios with each other under the same load, they are not the server's capacity.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cms.bench.workload import Scenario

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


@dataclass
class Measurement:
    """Pages answered (``units``) in ``elapsed`` seconds; ``latencies`` in seconds per page;
    ``failures`` the first few problems seen (``failed`` counts them all)."""

    units: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: "Measurement") -> None:
        self.units += other.units
        self.elapsed += other.elapsed
        self.latencies.extend(other.latencies)
        self.failed += other.failed
        self.failures.extend(other.failures[: 5 - len(self.failures)])

    @property
    def throughput(self) -> float:
        """Pages per second."""
        return self.units / self.elapsed if self.elapsed else 0.0

    def percentile(self, fraction: float) -> float:
        """The latency (seconds) below which ``fraction`` of the pages were answered
        (nearest rank); 0 without measurements."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def load_run(*, host: str, port: int, scenario: Scenario, clients: int, duration: float):
    """Drive ``scenario`` with ``clients`` concurrent clients for ``duration`` seconds.

    Pages started before the deadline are finished and counted; ``elapsed`` runs from the
    common start to the last client's end. Returns a Measurement.
    """
    start_line = threading.Barrier(clients + 1)
    results = [Measurement() for _ in range(clients)]
    ends = [0.0] * clients
    deadline = [0.0]

    def client(index: int) -> None:
        result = results[index]
        connection = http.client.HTTPConnection(host, port, timeout=120)
        start_line.wait()
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            bodies, problem = [], None
            try:
                for request in scenario.requests:
                    connection.request(
                        request.method, request.path, body=request.body, headers=request.headers
                    )
                    response = connection.getresponse()
                    body = response.read()
                    if response.status != 200:
                        problem = f"{request.path[:60]} answered {response.status}"
                        break
                    bodies.append(body)
                    if response.will_close:
                        connection.close()
            except (OSError, http.client.HTTPException) as error:
                problem = f"{type(error).__name__}: {error}"
                connection.close()
            problem = problem or scenario.check(bodies)
            if problem:
                result.failed += 1
                if len(result.failures) < 5:
                    result.failures.append(problem)
            else:
                result.units += 1
                result.latencies.append(time.perf_counter() - began)
        ends[index] = time.perf_counter()
        connection.close()

    # Daemon threads, stopped early on Ctrl-C: an interrupted benchmark must not wait for them.
    threads = [
        threading.Thread(target=client, args=(index,), daemon=True) for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + duration
    start_line.wait()
    try:
        for thread in threads:
            thread.join()
    except BaseException:
        deadline[0] = 0.0
        raise
    total = Measurement(elapsed=max(ends) - began)
    for result in results:
        result.elapsed = 0.0
        total.add(result)
    return total


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class GunicornServer:
    """``gunicorn --config deploy/gunicorn.conf.py`` in its own process group, with ``env``
    (which must name GUNICORN_WORKERS) added to this process's environment; a context manager
    that stops it (and its workers) on exit, also after an error or Ctrl-C. Output goes to
    ``log_path``."""

    def __init__(self, *, host: str, port: int, env: dict[str, str], log_path: Path):
        self.host, self.port, self.env, self.log_path = host, port, env, log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "GunicornServer":
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(gunicorn), "--config", str(GUNICORN_CONFIG), "--chdir", str(ROOT)],
                env={**os.environ, **self.env, "GUNICORN_BIND": f"{self.host}:{self.port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_until_up(timeout=90)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _wait_until_up(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}): {self.log_path}")
            try:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=5)
                connection.request("GET", "/graphql/")
                connection.getresponse().read()
                connection.close()
                if len(self.worker_pids()) >= int(self.env["GUNICORN_WORKERS"]):
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not come up in {timeout} s: {self.log_path}")
            time.sleep(0.3)

    def worker_pids(self) -> list[int]:
        """The process ids of the master's children (its workers), from /proc."""
        if self.process is None:
            return []
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name is in parentheses and may hold spaces: split after it.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                children.append(int(entry.name))
        return sorted(children)

    def workers_rss(self) -> list[int]:
        """Each worker's resident memory in KiB (VmRSS in /proc/<pid>/status)."""
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]))
        return sizes

    def stop(self) -> None:
        """Stop gracefully (SIGTERM to the master), then kill the process group if needed."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

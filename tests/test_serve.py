"""`passport serve --processes N`: one socket served by N forked processes, all stopped together."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Several processes need fork; the tests find each process's children and sockets in Linux's /proc.
pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/stat").exists(),
                                reason="needs fork and /proc")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/serve.sqlite3", DEBUG="0")
    process = subprocess.Popen(
        [sys.executable, "-m", "passport.cli", "serve", "--port", str(port), "--processes", "2", "--threads", "2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            ready = conn.getresponse().status == 200
            conn.close()
            if ready:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(process.communicate()[0].decode())
    children = _children(process.pid)
    yield process, port
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pid in children:  # never leave a server behind, whatever the test did
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _wait_for_exit(process: subprocess.Popen, children: set[int]) -> int:
    code = process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    return code


def test_two_processes_serve_one_port_and_stop_together_on_sigterm(server):
    process, port = server
    children = _children(process.pid)
    assert len(children) == 2
    for _ in range(10):  # new connections each time, accepted by whichever process is free
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        assert conn.getresponse().status == 200
        conn.close()
    process.send_signal(signal.SIGTERM)
    assert _wait_for_exit(process, children) == 0
    assert not any(_alive(pid) for pid in children)
    with socket.socket() as s:  # nothing listens on the port any more (closed connections may linger)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))


def test_if_one_process_dies_the_rest_stop_and_the_command_fails(server):
    process, _port = server
    children = _children(process.pid)
    os.kill(min(children), signal.SIGKILL)
    assert _wait_for_exit(process, children) == 1
    assert not any(_alive(pid) for pid in children)


def test_a_port_in_use_gives_one_line_and_a_non_zero_exit(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/serve.sqlite3")
        result = subprocess.run(
            [sys.executable, "-m", "passport.cli", "serve", "--port", str(port), "--processes", "2"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot listen on" in lines[0], result.stderr


def _established(pid: int, port: int) -> int:
    """Connections to the server's port held open by this process."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":  # local port, ESTABLISHED
            inodes.add(fields[9])
    held = 0
    for fd in (Path("/proc") / str(pid) / "fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            held += 1
    return held


def test_keep_alive_clients_are_shared_out_between_the_processes(server):
    process, port = server
    children = sorted(_children(process.pid))
    clients = []
    for _ in range(4):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        clients.append(conn)  # kept open
        time.sleep(0.2)  # each process publishes what it holds on its next turn
    assert [_established(pid, port) for pid in children] == [2, 2]
    for conn in clients:
        conn.close()


def test_if_the_supervisor_is_killed_outright_its_processes_stop(server):
    process, port = server
    children = _children(process.pid)
    process.kill()  # SIGKILL: no chance to stop them itself
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in children)

"""Upload a 1 GB video through the tus endpoints under gunicorn; report the worker's memory growth and throughput.

    .venv/bin/python bench/bench_upload.py [--size-mb 1024] [--chunk-mb 32] [--read-kb 1024]

Besides the whole upload's speed (the last PATCH also checks and stores the file), the speed of the PATCHes that
only write (their bytes over the sum of their round trips), and ``dd`` writing as much into the same folder (into
the page cache, as the upload does, and with ``conv=fdatasync``) after each upload, for the ratio: ``--runs``
times in turn (the disk is shared and noisy), min/median/max of each and the ratio of the medians.

A temporary folder holds the SQLite database, the media and the upload temp files (_upload_settings.py); the
test file (an MP4 header, then zeros) is written to /tmp and deleted afterwards, as is everything else. Memory: the
single sync worker's VmRSS after a warm-up upload, its peak (VmHWM, reset through /proc/<pid>/clear_refs where
allowed) after the big upload; target growth < 64 MB.
"""

import argparse
import hashlib
import http.client
import json
import os
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import free_port, machine, write_result

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
MB = 1024 * 1024


def mp4_file(path: Path, size: int) -> None:
    """ftyp, a small moov, then one mdat (64-bit size) of zeros up to ``size`` bytes; sparse on disk."""

    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I4s", 8 + len(payload), kind) + payload

    head = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isommp42") + box(b"moov", box(b"mvhd", bytes(100)))
    mdat = struct.pack(">I4sQ", 1, b"mdat", size - len(head))
    with path.open("wb") as out:
        out.write(head + mdat)
        out.truncate(size)


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of ``pid`` in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


def reset_peak(pid: int) -> bool:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def dd_speed(folder: Path, size_mb: int, mode: str) -> float:
    """MB/s of ``dd`` writing ``size_mb`` of zeros into ``folder`` (the upload's disk) in 8 MB blocks: into the page
    cache as the upload does (``cache``), or flushed to the disk before it ends (``fdatasync``)."""
    target = folder / "dd.bin"
    command = ["dd", "if=/dev/zero", f"of={target}", "bs=8M", f"count={max(1, size_mb // 8)}"]
    if mode == "fdatasync":
        command.append("conv=fdatasync")
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    seconds = time.perf_counter() - started
    target.unlink()
    return round(max(1, size_mb // 8) * 8 / seconds, 1)


def worker_of(master: int) -> int:
    deadline = time.time() + 30
    while time.time() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


class Client:
    def __init__(self, port: int, session: str, csrf: str):
        self.port = port
        self.cookie = f"sessionid={session}; csrftoken={csrf}"
        self.csrf = csrf
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method: str, url: str, body: bytes | None = None, **headers):
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf, "Tus-Resumable": "1.0.0", **headers}
        self.connection.request(method, url, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response, data

    def upload(self, path: Path, chunk: int) -> tuple[str, str, float, float, float]:
        """Send ``path``; answers (upload URL, sha256 computed here, seconds in all, seconds of the last PATCH,
        seconds of the other PATCHes' round trips: the requests that only write, without reading and hashing the
        file here between them)."""
        from psyboost.uploads.metadata import encode_metadata

        size = path.stat().st_size
        metadata = encode_metadata({"filename": "活动视频.mp4", "kind": "video", "purpose": "bench_video"})
        started = time.perf_counter()
        response, data = self.request("POST", "/uploads/", **{"Upload-Length": str(size), "Upload-Metadata": metadata})
        if response.status != 201:
            raise RuntimeError(f"create: {response.status} {data.decode()}")
        url = response.getheader("Location")
        digest = hashlib.sha256()
        offset, last, writing = 0, 0.0, 0.0
        with path.open("rb") as source:
            while offset < size:
                piece = source.read(chunk)
                digest.update(piece)
                sent = time.perf_counter()
                response, data = self.request(
                    "PATCH",
                    url,
                    piece,
                    **{"Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset)},
                )
                last = time.perf_counter() - sent
                writing += last
                if response.status != 204:
                    raise RuntimeError(f"PATCH at {offset}: {response.status} {data.decode()}")
                offset = int(response.getheader("Upload-Offset"))
        return url, digest.hexdigest(), time.perf_counter() - started, last, writing - last


def prepare(env: dict) -> tuple[str, str]:
    """Migrate the bench database and open a session for a bench user: (session key, CSRF secret)."""
    subprocess.run([BIN / "psyboost", "migrate", "--no-input", "-v", "0"], env=env, check=True)
    os.environ.update(env)
    sys.path.insert(0, str(BENCH))
    import django

    django.setup()
    from django.test import Client as DjangoClient

    from psyboost.accounts.models import Role, User

    user = User.objects.create_user("bench", password="bench-password", role=Role.STAFF)
    client = DjangoClient()
    client.force_login(user)
    return client.cookies["sessionid"].value, "b" * 32


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--chunk-mb", type=int, default=32)  # the browser's chunk (uploads.js)
    parser.add_argument("--read-kb", type=int, default=1024)
    parser.add_argument(
        "--runs", type=int, default=5, help="uploads of the big file, each followed by dd; min/median/max reported"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="psyboost-bench-upload-"))
    big = Path(tempfile.gettempdir()) / f"psyboost-bench-{os.getpid()}.mp4"
    env = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "_upload_settings",
        "PSYBOOST_BENCH_DIR": str(work),
        "PYTHONPATH": os.pathsep.join([str(BENCH), os.environ.get("PYTHONPATH", "")]),
        "BENCH_READ_SIZE": str(args.read_kb * 1024),
    }
    server = None
    try:
        session, csrf = prepare(env)
        port = free_port()
        server = subprocess.Popen(
            [BIN / "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "sync",
             "--timeout", "600", "--pythonpath", str(BENCH), "--log-level", "warning", "psyboost.wsgi:application"],
            env=env,
        )  # fmt: skip
        worker = worker_of(server.pid)
        client = Client(port, session, csrf)
        for _attempt in range(100):
            try:
                client.request("OPTIONS", "/uploads/")
                break
            except OSError:
                client.connection.close()
                time.sleep(0.1)

        warm = work / "warm.mp4"
        mp4_file(warm, 4 * MB)
        client.upload(warm, args.chunk_mb * MB)  # every module imported, every code path run once
        reset = reset_peak(worker)
        before = memory(worker)

        size = args.size_mb * MB
        mp4_file(big, size)
        runs, dd, correct = [], {"cache": [], "fdatasync": []}, True
        for _run in range(args.runs):  # upload and dd in turn, so that the shared disk's moods touch both
            url, sent_sha, seconds, last_patch, writing = client.upload(big, args.chunk_mb * MB)
            runs.append((seconds, last_patch, (size - args.chunk_mb * MB) / MB / writing))
            _response, data = client.request("GET", url)
            result = json.loads(data)["result"]
            stored = work / "media" / result["object"]["stored"]
            correct = correct and result["sha256"] == sent_sha and stored.stat().st_size == size
            stored.unlink()
            for mode in dd:
                dd[mode].append(dd_speed(work, args.size_mb, mode))
        after = memory(worker)

        def spread(values):
            return {"min": min(values), "median": statistics.median(values), "max": max(values)}

        growth_kb = after["VmHWM"] - before["VmRSS"]
        seconds = sorted(run[0] for run in runs)
        median = statistics.median(seconds)
        patch = spread([round(run[2], 1) for run in runs])
        dd_spread = {mode: spread(values) for mode, values in dd.items()}
        figures = {
            "file_mb": args.size_mb,
            "chunk_mb": args.chunk_mb,
            "read_kb": args.read_kb,
            "runs": args.runs,
            "runs_seconds": [round(run[0], 2) for run in runs],
            "throughput_mb_s_median": round(args.size_mb / median, 1),
            "throughput_mb_s_range": [round(args.size_mb / seconds[-1], 1), round(args.size_mb / seconds[0], 1)],
            "last_patch_with_checks_s": [round(run[1], 2) for run in runs],
            # the PATCHes that only write (all but the last, which also checks and stores the file): their bytes
            # over the sum of their round trips
            "patch_write_mb_s": patch,
            "dd_mb_s": dd_spread,
            "patch_write_over_dd_cache_medians": round(patch["median"] / dd_spread["cache"]["median"], 2),
            "patch_write_over_dd_fdatasync_medians": round(patch["median"] / dd_spread["fdatasync"]["median"], 2),
            "worker_rss_before_mb": round(before["VmRSS"] / 1024, 1),
            "worker_peak_after_mb": round(after["VmHWM"] / 1024, 1),
            "worker_rss_after_mb": round(after["VmRSS"] / 1024, 1),
            "peak_growth_mb": round(growth_kb / 1024, 1),
            "peak_reset_via_clear_refs": reset,
            "stored_files_match_sha256_and_size": correct,
            "target_growth_under_64_mb": growth_kb < 64 * 1024,
            "load_average_at_end": os.getloadavg(),
        }
        write_result("upload", figures)
        print(json.dumps({"machine": machine(), **figures}, ensure_ascii=False, indent=2))
        if not correct:
            sys.exit("the stored file differs from the file sent")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        big.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
